export type { EventBus } from './event-bus.port.js';
export { createInProcessEventBus, type InProcessEventBusOptions } from './in-process-event-bus.js';
export { createInProcessQueue, type InProcessQueueOptions, type QueueState } from './in-process-queue.js';
export type { JobQueue } from './job-queue.port.js';
