/**
 * The queue ports and their in-process adapters (embedded mode). The Redis and BullMQ adapters of scale mode
 * are in `@klikkflow/queue/redis`, so an embedded process never loads their libraries.
 */
export type { EventBus } from './event-bus.port.js';
export { createInProcessEventBus, type InProcessEventBusOptions } from './in-process-event-bus.js';
export { createInProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';
export type { JobQueue } from './job-queue.port.js';
export type { LeaderLock } from './leader-lock.port.js';
export type { WorkItem, WorkQueue, WorkQueueCounts } from './work-queue.port.js';
