import type { EventBus } from './event-bus.port.js';

/** Options of {@link createInProcessEventBus}. */
export interface InProcessEventBusOptions<E> {
  /** Receives what a listener threw; the other listeners get the event regardless. */
  onError?: (error: unknown, topic: string, event: E) => void;
}

interface Subscription<E> {
  readonly listener: (event: E) => void;
}

/**
 * The embedded-mode {@link EventBus}. Listeners run synchronously, in subscription order. Each topic's
 * list is copied on subscribe and unsubscribe, never on publish (publishing is the frequent operation),
 * so a publish delivers to the listeners subscribed when it began. Topics with no listener left are
 * forgotten, so per-execution topics do not accumulate.
 */
export function createInProcessEventBus<E>(options: InProcessEventBusOptions<E> = {}): EventBus<E> {
  const topics = new Map<string, readonly Subscription<E>[]>();

  const report = (error: unknown, topic: string, event: E): void => {
    try {
      options.onError?.(error, topic, event);
    } catch {} // a failing reporter must not stop delivery to the remaining listeners
  };

  return {
    // Delivery is synchronous: a subscription receives from the moment it is made.
    ready: () => Promise.resolve(),
    publish(topic, event) {
      const subscriptions = topics.get(topic);
      if (subscriptions === undefined) return;
      for (const { listener } of subscriptions) {
        try {
          listener(event);
        } catch (error) {
          report(error, topic, event);
        }
      }
    },

    subscribe(topic, listener) {
      // A fresh object per call: the same function subscribed twice is two subscriptions.
      const subscription: Subscription<E> = { listener };
      topics.set(topic, [...(topics.get(topic) ?? []), subscription]);
      return () => {
        const current = topics.get(topic);
        if (current === undefined || !current.includes(subscription)) return;
        const remaining = current.filter((entry) => entry !== subscription);
        if (remaining.length > 0) topics.set(topic, remaining);
        else topics.delete(topic);
      };
    },

    listenerCount(topic) {
      return topics.get(topic)?.length ?? 0;
    },
  };
}
