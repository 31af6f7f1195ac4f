import type { AppLogger, Config } from '@klikkflow/core';
import type { EventBus, LeaderLock, WorkQueue } from '@klikkflow/queue';
import {
  checkRedis,
  closeRedisClient,
  createBullWorkQueue,
  createRedisClient,
  createRedisEventBus,
  createRedisLeaderLock,
} from '@klikkflow/queue/redis';
import type { ExecutionEvent } from '@klikkflow/types';
import { CONTROL_TOPIC, type ControlMessage, type OutcomeMessage } from './work-messages.js';

/** A process's link to Redis in scale mode: the work queue, the cross-process bus and the leader lock. */
export interface ScaleLink {
  work: WorkQueue;
  /** Live execution events (on `workflow:<id>` topics), across every process. */
  events: EventBus<ExecutionEvent>;
  /** What workers tell waiting callers in other processes. */
  outcomes: EventBus<OutcomeMessage>;
  /** Sends a control message to every process. */
  control(message: ControlMessage): void;
  /** Runs `handler` for every control message; resolves once Redis delivers them to this process. */
  onControl(handler: (message: ControlMessage) => void): Promise<void>;
  /** A lock that one process of all holds at a time (schedules, the reconciler). */
  leaderLock(name: string, owner: string, onChange: (isLeader: boolean) => void): LeaderLock;
  close(): Promise<void>;
}

/**
 * Connects to `KLIKKFLOW_REDIS_URL`, refusing a Redis that would evict keys (R4: an evicted job is a lost
 * execution until the reconciler finds it). One bus connection pair carries events, outcomes and control
 * messages; topics keep them apart.
 */
export async function connectScale(config: Config, logger: AppLogger, name: string): Promise<ScaleLink> {
  const url = config.redisUrl;
  if (url === undefined) throw new Error('connectScale needs KLIKKFLOW_REDIS_URL');
  const redis = createRedisClient(url, { name });
  try {
    await checkRedis(redis);
  } catch (error) {
    await closeRedisClient(redis);
    throw error;
  }
  const onError = (error: unknown) => logger.warn({ err: error }, 'Redis reported an error');
  const bus = createRedisEventBus<unknown>({ url, prefix: `${config.redisPrefix}:bus`, onError });
  const work = createBullWorkQueue({
    url,
    prefix: config.redisPrefix,
    lockDurationMs: config.leaseMs,
    onError,
  });
  // One bus, several message types: each topic family carries one of them.
  const events = bus as EventBus<ExecutionEvent>;
  const outcomes = bus as EventBus<OutcomeMessage>;
  const control = bus as EventBus<ControlMessage>;
  return {
    work,
    events,
    outcomes,
    control: (message) => control.publish(CONTROL_TOPIC, message),
    async onControl(handler) {
      control.subscribe(CONTROL_TOPIC, handler);
      await bus.ready();
    },
    leaderLock: (lockName, owner, onChange) =>
      createRedisLeaderLock({
        redis,
        key: `${config.redisPrefix}:leader:${lockName}`,
        owner,
        ttlMs: Math.max(3_000, Math.floor(config.leaseMs / 2)),
        onChange,
        onError,
      }),
    async close() {
      await work.close();
      await bus.close();
      await closeRedisClient(redis);
    },
  };
}
