/**
 * Publish/subscribe by topic, for live updates (`execution:<id>`, `workflow:<id>`): in-process in
 * embedded mode, Redis pub/sub in scale mode. Fire and forget: no persistence, no replay.
 */
export interface EventBus<E> {
  /** Delivers `event` to the topic's current listeners; a topic without listeners costs next to nothing. */
  publish(topic: string, event: E): void;
  /** Starts delivering the topic's events to `listener`; returns the function that stops it (idempotent). */
  subscribe(topic: string, listener: (event: E) => void): () => void;
  /** Listeners subscribed to `topic` now. */
  listenerCount(topic: string): number;
  /**
   * Resolves once the subscriptions made so far receive events: at once in-process; across processes
   * after the transport acknowledged them (an event published earlier may be missed, one after it not).
   */
  ready(): Promise<void>;
}
