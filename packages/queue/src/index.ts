export { type BullWorkQueueOptions, createBullWorkQueue } from './bullmq-work-queue.js';
export type { EventBus } from './event-bus.port.js';
export { createInProcessEventBus, type InProcessEventBusOptions } from './in-process-event-bus.js';
export { createInProcessQueue, type InProcessQueueOptions, type QueueState } from './in-process-queue.js';
export type { JobQueue } from './job-queue.port.js';
export type { LeaderLock } from './leader-lock.port.js';
export {
  type CheckRedisOptions,
  checkRedis,
  closeRedisClient,
  createRedisClient,
  type RedisClientOptions,
} from './redis-connection.js';
export {
  createRedisEventBus,
  type RedisEventBus,
  type RedisEventBusOptions,
  redisEventChannel,
} from './redis-event-bus.js';
export { createRedisLeaderLock, type RedisLeaderLockOptions } from './redis-leader-lock.js';
export type { WorkItem, WorkQueue, WorkQueueCounts } from './work-queue.port.js';
