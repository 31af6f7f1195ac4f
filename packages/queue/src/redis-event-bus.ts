import { OperationalError, UnexpectedError } from '@klikkflow/types';
import type { EventBus } from './event-bus.port.js';
import { createInProcessEventBus } from './in-process-event-bus.js';
import { closeRedisClient, createRedisClient } from './redis-connection.js';

/** Options of {@link createRedisEventBus}. */
export interface RedisEventBusOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Channels are `<prefix>:<topic>`. */
  prefix: string;
  /** Receives connection, publish and (un)subscribe failures, undecodable messages and listener errors. */
  onError?: (error: unknown) => void;
}

/** The Redis {@link EventBus}, with what a caller needs around a network transport. */
export interface RedisEventBus<E> extends EventBus<E> {
  /**
   * Resolves once every SUBSCRIBE and UNSUBSCRIBE sent so far is acknowledged, so an event published
   * after it reaches the listeners subscribed before it. Rejects if one of them failed.
   */
  ready(): Promise<void>;
  /** Closes both connections. Afterwards `subscribe` throws and `publish` reports `EVENT_BUS_CLOSED`. */
  close(): Promise<void>;
}

/** The Redis pub/sub channel of a topic. */
export function redisEventChannel(prefix: string, topic: string): string {
  return `${prefix}:${topic}`;
}

/**
 * The scale-mode {@link EventBus}: events cross processes through Redis pub/sub, JSON-encoded (so a
 * listener gets a copy). One connection publishes, one subscribes; a channel is subscribed while the
 * process has a listener for its topic. Publishing never delivers locally: the process's own listeners
 * get the event back from Redis, like every other process's, so exactly once and in the same order.
 * Fire and forget, like the port: events published while Redis is unreachable may be lost.
 */
export function createRedisEventBus<E>(options: RedisEventBusOptions): RedisEventBus<E> {
  const { url, prefix, onError } = options;
  const channelPrefix = redisEventChannel(prefix, '');
  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {} // a failing reporter must not stop delivery
  };
  const local = createInProcessEventBus<E>({ onError: report });
  const publisher = createRedisClient(url, { name: `${prefix}:events:publish`, pipelined: true });
  const subscriber = createRedisClient(url, { name: `${prefix}:events:subscribe` });
  publisher.on('error', report);
  subscriber.on('error', report);
  const pending = new Set<Promise<void>>();
  let closed = false;

  subscriber.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(channelPrefix)) return;
    let event: E;
    try {
      event = JSON.parse(message) as E;
    } catch (error) {
      report(
        new OperationalError('EVENT_UNDECODABLE', `An event on ${channel} is not JSON`, { cause: error }),
      );
      return;
    }
    local.publish(channel.slice(channelPrefix.length), event);
  });

  /** Commands go out in call order on one connection, so Redis ends in the state of the last one. */
  const track = (command: Promise<unknown>): void => {
    const acknowledged = command.then(() => undefined);
    pending.add(acknowledged);
    acknowledged.catch(report).finally(() => pending.delete(acknowledged));
  };

  return {
    publish(topic, event) {
      if (closed) {
        report(
          new OperationalError('EVENT_BUS_CLOSED', `Cannot publish to ${topic}: the event bus is closed`),
        );
        return;
      }
      let message: string | undefined;
      try {
        message = JSON.stringify(event);
      } catch (error) {
        report(
          new UnexpectedError('EVENT_UNENCODABLE', `An event for ${topic} cannot be JSON-encoded`, {
            cause: error,
          }),
        );
        return;
      }
      if (message === undefined) {
        report(new UnexpectedError('EVENT_UNENCODABLE', `An event for ${topic} has no JSON form`));
        return;
      }
      publisher.publish(redisEventChannel(prefix, topic), message).catch(report);
    },

    subscribe(topic, listener) {
      if (closed) throw new OperationalError('EVENT_BUS_CLOSED', 'The event bus is closed');
      if (local.listenerCount(topic) === 0) track(subscriber.subscribe(redisEventChannel(prefix, topic)));
      const unsubscribe = local.subscribe(topic, listener);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
        if (!closed && local.listenerCount(topic) === 0) {
          track(subscriber.unsubscribe(redisEventChannel(prefix, topic)));
        }
      };
    },

    listenerCount: (topic) => local.listenerCount(topic),

    async ready() {
      while (pending.size > 0) await Promise.all(pending);
    },

    async close() {
      closed = true;
      await Promise.allSettled(pending);
      await Promise.all([closeRedisClient(publisher), closeRedisClient(subscriber)]);
    },
  };
}
