import { describe, expect, it } from 'vitest';
import { createInProcessEventBus } from './in-process-event-bus.js';

describe('createInProcessEventBus', () => {
  it('delivers an event to every listener of its topic, in subscription order', () => {
    const bus = createInProcessEventBus<string>();
    const seen: string[] = [];
    bus.subscribe('execution:1', (event) => seen.push(`a:${event}`));
    bus.subscribe('execution:1', (event) => seen.push(`b:${event}`));
    bus.publish('execution:1', 'started');
    expect(seen).toEqual(['a:started', 'b:started']);
  });

  it('keeps topics apart', () => {
    const bus = createInProcessEventBus<number>();
    const seen: Record<string, number[]> = { 'execution:1': [], 'execution:2': [], 'workflow:1': [] };
    for (const topic of Object.keys(seen)) bus.subscribe(topic, (event) => seen[topic]?.push(event));
    bus.publish('execution:1', 1);
    bus.publish('workflow:1', 2);
    bus.publish('execution:10', 3);
    expect(seen).toEqual({ 'execution:1': [1], 'execution:2': [], 'workflow:1': [2] });
  });

  it('stops delivering after unsubscribe, which may be called twice', () => {
    const bus = createInProcessEventBus<number>();
    const seen: number[] = [];
    const unsubscribe = bus.subscribe('workflow:7', (event) => seen.push(event));
    expect(bus.listenerCount('workflow:7')).toBe(1);
    bus.publish('workflow:7', 1);
    unsubscribe();
    unsubscribe();
    bus.publish('workflow:7', 2);
    expect(seen).toEqual([1]);
    expect(bus.listenerCount('workflow:7')).toBe(0);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const bus = createInProcessEventBus<number>();
    const seen: number[] = [];
    const listener = (event: number) => seen.push(event);
    const first = bus.subscribe('t', listener);
    bus.subscribe('t', listener);
    first();
    first();
    expect(bus.listenerCount('t')).toBe(1);
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

  it('isolates a throwing listener and reports it', () => {
    const errors: [string, string, number][] = [];
    const bus = createInProcessEventBus<number>({
      onError: (error, topic, event) => errors.push([(error as Error).message, topic, event]),
    });
    const seen: number[] = [];
    bus.subscribe('t', () => {
      throw new Error('listener broke');
    });
    bus.subscribe('t', (event) => seen.push(event));
    expect(() => bus.publish('t', 5)).not.toThrow();
    expect(seen).toEqual([5]);
    expect(errors).toEqual([['listener broke', 't', 5]]);
  });

  it('keeps delivering when there is no onError or it throws too', () => {
    for (const onError of [
      undefined,
      () => {
        throw new Error('reporter broke');
      },
    ]) {
      const bus = createInProcessEventBus<number>(onError ? { onError } : {});
      const seen: number[] = [];
      bus.subscribe('t', () => {
        throw new Error('listener broke');
      });
      bus.subscribe('t', (event) => seen.push(event));
      bus.publish('t', 1);
      expect(seen).toEqual([1]);
    }
  });
});
