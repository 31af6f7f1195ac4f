import { describe, expect, it } from 'vitest';
import { describeEventBusContract } from '../test/event-bus.contract.js';
import { createInProcessEventBus } from './in-process-event-bus.js';

describeEventBusContract('createInProcessEventBus', (options) =>
  Object.assign(createInProcessEventBus<unknown>(options), {
    ready: async () => {},
    close: async () => {},
  }),
);

describe('createInProcessEventBus', () => {
  it('delivers synchronously, before publish returns', () => {
    const bus = createInProcessEventBus<number>();
    const seen: number[] = [];
    bus.subscribe('t', (event) => seen.push(event));
    bus.publish('t', 1);
    expect(seen).toEqual([1]);
  });

  it('delivers to the listeners subscribed when the publish began', () => {
    const bus = createInProcessEventBus<number>();
    const seen: string[] = [];
    let unsubscribeB = () => {};
    bus.subscribe('t', (event) => {
      seen.push(`a${event}`);
      unsubscribeB();
      bus.subscribe('t', (later) => seen.push(`c${later}`));
    });
    unsubscribeB = bus.subscribe('t', (event) => seen.push(`b${event}`));
    bus.publish('t', 1);
    expect(seen).toEqual(['a1', 'b1']);
    expect(bus.listenerCount('t')).toBe(2);
  });

  it('reports a listener error with its topic and event', () => {
    const errors: [string, string, number][] = [];
    const bus = createInProcessEventBus<number>({
      onError: (error, topic, event) => errors.push([(error as Error).message, topic, event]),
    });
    bus.subscribe('t', () => {
      throw new Error('listener broke');
    });
    bus.publish('t', 5);
    expect(errors).toEqual([['listener broke', 't', 5]]);
  });
});
