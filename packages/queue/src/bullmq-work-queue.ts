import { OperationalError, UserError } from '@klikkflow/types';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient } from './redis-connection.js';
import type { WorkItem, WorkQueue, WorkQueueCounts } from './work-queue.port.js';

/** Options of {@link createBullWorkQueue}. */
export interface BullWorkQueueOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Prefix of every BullMQ key (`<prefix>:<queueName>:…`). */
  prefix: string;
  /** Default `executions`. */
  queueName?: string;
  /**
   * How long a job stays locked to its worker without a renewal. A worker that dies (or stalls its
   * event loop) longer than this loses the job, and another worker gets it after at most about
   * 1.5 × this (the stalled check runs every half lock duration).
   */
  lockDurationMs: number;
  /**
   * Receives connection errors and handler failures; a failure is an `OperationalError`
   * `WORK_ITEM_FAILED` with `details: { executionId, jobId }` and the handler's error as `cause`.
   */
  onError?: (error: unknown) => void;
}

interface JobData {
  executionId: string;
  data?: Record<string, unknown>;
}

const JOB_NAME = 'execution';
/**
 * A stalled job goes back to waiting however often it stalls: the application counts worker deaths
 * per node itself and quarantines (G5), so BullMQ must not fail the job on its own count.
 */
const MAX_STALLED_COUNT = 1_000_000;

/**
 * The scale-mode {@link WorkQueue} on BullMQ. Jobs carry only the execution id (the database holds
 * the rest), are removed once finished, whatever the outcome, so their id may be added again, and run
 * once: no BullMQ retries, because the reconciler re-adds from the database what still needs to run.
 * One Redis connection adds and counts; once consuming, the worker has its own, from which BullMQ
 * derives a blocking one.
 */
export function createBullWorkQueue(options: BullWorkQueueOptions): WorkQueue {
  const { url, prefix, lockDurationMs, onError } = options;
  const queueName = options.queueName ?? 'executions';
  if (!Number.isInteger(lockDurationMs) || lockDurationMs < 100) {
    throw new UserError(
      'QUEUE_OPTIONS_INVALID',
      `lockDurationMs must be an integer ≥ 100, got ${lockDurationMs}`,
    );
  }
  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {} // a failing reporter must not take the queue down
  };

  const producer = createRedisClient(url, { name: `${prefix}:${queueName}:producer` });
  const queue = new Queue<JobData>(queueName, {
    connection: producer,
    prefix,
    defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  });
  queue.on('error', report);
  let consumer: { worker: Worker<JobData>; redis: Redis } | undefined;
  let closing: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const stopConsuming = (force: boolean): Promise<void> => {
    stopping ??= consumer ? consumer.worker.close(force) : Promise.resolve();
    return stopping;
  };

  const assertOpen = (): void => {
    if (closing !== undefined) throw new OperationalError('QUEUE_CLOSED', 'The work queue is closed');
  };

  return {
    async add(items: readonly WorkItem[]) {
      assertOpen();
      for (const item of items) validateJobId(item.jobId);
      if (items.length === 0) return;
      await queue.addBulk(
        items.map(({ executionId, jobId, data }) => ({
          name: JOB_NAME,
          data: { executionId, ...(data && { data }) },
          opts: { jobId },
        })),
      );
    },

    consume(handler, { concurrency }) {
      assertOpen();
      if (consumer !== undefined) {
        throw new UserError('QUEUE_ALREADY_CONSUMING', 'This work queue already has a consumer');
      }
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new UserError(
          'QUEUE_OPTIONS_INVALID',
          `concurrency must be an integer ≥ 1, got ${concurrency}`,
        );
      }
      const redis = createRedisClient(url, { name: `${prefix}:${queueName}:worker`, blocking: true });
      const worker = new Worker<JobData>(
        queueName,
        async (job) => {
          try {
            await handler(job.data.executionId, job.data.data);
          } catch (error) {
            throw new OperationalError(
              'WORK_ITEM_FAILED',
              `Execution ${job.data.executionId} failed in its worker`,
              {
                details: { executionId: job.data.executionId, jobId: job.id },
                cause: error,
              },
            );
          }
        },
        {
          connection: redis,
          prefix,
          concurrency,
          lockDuration: lockDurationMs,
          stalledInterval: Math.floor(lockDurationMs / 2),
          maxStalledCount: MAX_STALLED_COUNT,
        },
      );
      // BullMQ records the failure in its event stream; the application hears of it here.
      worker.on('failed', (_job, error) => report(error));
      worker.on('error', report);
      consumer = { worker, redis };
    },

    async counts(): Promise<WorkQueueCounts> {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    },

    stopConsuming: ({ force = false } = {}) => stopConsuming(force),

    close({ force = false } = {}) {
      closing ??= (async () => {
        try {
          await stopConsuming(force);
          await queue.close();
        } finally {
          await Promise.all([producer, consumer?.redis].map((redis) => redis && closeRedisClient(redis)));
        }
      })();
      return closing;
    },
  };
}

/** Enforces BullMQ's rules for custom job ids up front, with a typed error instead of a plain one. */
function validateJobId(jobId: string): void {
  if (typeof jobId !== 'string' || jobId === '' || jobId.includes(':') || /^-?\d+$/.test(jobId)) {
    throw new UserError(
      'WORK_ITEM_JOB_ID_INVALID',
      `Invalid work item jobId ${JSON.stringify(jobId)}: it must be non-empty, without ":", and not an integer`,
      { details: { jobId } },
    );
  }
}
