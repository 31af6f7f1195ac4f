import { afterEach, describe, expect, it } from 'vitest';
import type { EventBus } from '../src/event-bus.port.js';

/** An adapter under test: the port plus the two calls a networked bus needs around it. */
export type EventBusUnderTest = EventBus<unknown> & {
  /** Resolves once subscriptions made so far are effective (a no-op in process). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

/** Makes a fresh, isolated bus. */
export type EventBusFactory = (options: { onError?: (error: unknown) => void }) => EventBusUnderTest;

const DELIVERY_TIMEOUT_MS = 3_000;

/**
 * Waits until everything published on `bus` so far has been delivered: publishes a marker on a topic
 * of its own and waits for it. Delivery keeps publish order across topics (synchronous in process;
 * one connection each way over Redis), so once the marker is back, every earlier event has arrived,
 * and an event that did not arrive never will.
 */
async function delivered(bus: EventBusUnderTest): Promise<void> {
  const topic = `contract-marker-${Math.random().toString(36).slice(2)}`;
  let timer: NodeJS.Timeout | undefined;
  const marker = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('the marker event never arrived')), DELIVERY_TIMEOUT_MS);
    const unsubscribe = bus.subscribe(topic, () => {
      unsubscribe();
      resolve();
    });
  });
  await bus.ready();
  bus.publish(topic, 'marker');
  await marker.finally(() => clearTimeout(timer));
}

/** The behaviour every {@link EventBus} adapter shares; delivery may be asynchronous. */
export function describeEventBusContract(name: string, factory: EventBusFactory): void {
  describe(`${name} (EventBus contract)`, () => {
    let buses: EventBusUnderTest[] = [];
    const open = (options: { onError?: (error: unknown) => void } = {}) => {
      const bus = factory(options);
      buses.push(bus);
      return bus;
    };

    afterEach(async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      buses = [];
    });

    it('delivers an event once to every listener of its topic, in subscription order', async () => {
      const bus = open();
      const seen: string[] = [];
      bus.subscribe('execution:1', (event) => seen.push(`a:${event}`));
      bus.subscribe('execution:1', (event) => seen.push(`b:${event}`));
      await bus.ready();
      bus.publish('execution:1', 'started');
      await delivered(bus);
      expect(seen).toEqual(['a:started', 'b:started']);
    });

    it('keeps topics apart and drops events of topics nobody listens to', async () => {
      const errors: unknown[] = [];
      const bus = open({ onError: (error) => errors.push(error) });
      const seen: Record<string, unknown[]> = { 'execution:1': [], 'execution:2': [], 'workflow:1': [] };
      for (const topic of Object.keys(seen)) bus.subscribe(topic, (event) => seen[topic]?.push(event));
      await bus.ready();
      bus.publish('execution:1', 1);
      bus.publish('workflow:1', 2);
      bus.publish('execution:10', 3);
      await delivered(bus);
      expect(seen).toEqual({ 'execution:1': [1], 'execution:2': [], 'workflow:1': [2] });
      expect(errors).toEqual([]);
    });

    it("delivers a topic's events in publish order, with their JSON data intact", async () => {
      const bus = open();
      const seen: unknown[] = [];
      bus.subscribe('t', (event) => seen.push(event));
      await bus.ready();
      const events = [
        ...Array.from({ length: 20 }, (_, index) => index),
        { status: 'running', nodes: ['A', 'B'], error: null, nested: { ok: true, ratio: 0.5 } },
        'text with "quotes" and ünïcödé',
      ];
      for (const event of events) bus.publish('t', event);
      await delivered(bus);
      expect(seen).toEqual(events);
    });

    it('stops delivering after unsubscribe, which may be called twice', async () => {
      const bus = open();
      const seen: unknown[] = [];
      const unsubscribe = bus.subscribe('workflow:7', (event) => seen.push(event));
      expect(bus.listenerCount('workflow:7')).toBe(1);
      await bus.ready();
      bus.publish('workflow:7', 1);
      await delivered(bus);
      unsubscribe();
      unsubscribe();
      expect(bus.listenerCount('workflow:7')).toBe(0);
      bus.publish('workflow:7', 2);
      await delivered(bus);
      expect(seen).toEqual([1]);
    });

    it('treats the same function subscribed twice as two subscriptions', async () => {
      const bus = open();
      const seen: unknown[] = [];
      const listener = (event: unknown) => seen.push(event);
      const first = bus.subscribe('t', listener);
      bus.subscribe('t', listener);
      first();
      first();
      expect(bus.listenerCount('t')).toBe(1);
      await bus.ready();
      bus.publish('t', 1);
      await delivered(bus);
      expect(seen).toEqual([1]);
    });

    it('delivers to a topic that lost its last listener and gained a new one at once', async () => {
      const bus = open();
      const seen: unknown[] = [];
      bus.subscribe('t', (event) => seen.push(`old:${event}`))();
      bus.subscribe('t', (event) => seen.push(`new:${event}`));
      await bus.ready();
      bus.publish('t', 1);
      await delivered(bus);
      expect(seen).toEqual(['new:1']);
    });

    it('isolates a throwing listener and reports what it threw', async () => {
      const errors: unknown[] = [];
      const bus = open({ onError: (error) => errors.push(error) });
      const seen: unknown[] = [];
      bus.subscribe('t', () => {
        throw new Error('listener broke');
      });
      bus.subscribe('t', (event) => seen.push(event));
      await bus.ready();
      expect(() => bus.publish('t', 5)).not.toThrow();
      await delivered(bus);
      expect(seen).toEqual([5]);
      expect(errors).toEqual([expect.objectContaining({ message: 'listener broke' })]);
    });

    it('keeps delivering when there is no onError or it throws too', async () => {
      for (const onError of [
        undefined,
        () => {
          throw new Error('reporter broke');
        },
      ]) {
        const bus = open(onError ? { onError } : {});
        const seen: unknown[] = [];
        bus.subscribe('t', () => {
          throw new Error('listener broke');
        });
        bus.subscribe('t', (event) => seen.push(event));
        await bus.ready();
        bus.publish('t', 1);
        bus.publish('t', 2);
        await delivered(bus);
        expect(seen).toEqual([1, 2]);
      }
    });
  });
}
