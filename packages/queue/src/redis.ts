/** Scale-mode adapters on Redis: the BullMQ work queue, the pub/sub event bus and the leader lock. */
export { type BullWorkQueueOptions, createBullWorkQueue } from './bullmq-work-queue.js';
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
