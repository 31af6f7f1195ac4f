import { OperationalError, UserError } from '@klikkflow/types';
import { Fifo } from './fifo.js';
import type { JobQueue } from './job-queue.port.js';

/** Options of {@link createInProcessQueue}. */
export interface InProcessQueueOptions<T> {
  /** The most handlers running at once: an integer ≥ 1. */
  concurrency: number;
  /** The most jobs waiting to start: an integer ≥ 1. Beyond it `enqueue` refuses. */
  capacity: number;
  /** Runs one job. A rejection is reported to `onError`; the queue carries on either way. */
  handler: (job: T) => Promise<void>;
  /** Receives what a handler threw, with the job concerned. */
  onError?: (error: unknown, job: T) => void;
}

function validateOptions(options: InProcessQueueOptions<unknown>): void {
  const problems: string[] = [];
  for (const key of ['concurrency', 'capacity'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1)
      problems.push(`${key} must be an integer ≥ 1, got ${String(value)}`);
  }
  if (typeof options.handler !== 'function') problems.push('handler must be a function');
  if (problems.length > 0) {
    throw new UserError('QUEUE_OPTIONS_INVALID', `Invalid queue options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
}

/**
 * The embedded-mode {@link JobQueue}: jobs start in the order they were accepted, at most `concurrency`
 * at a time, and at most `capacity` wait in memory. Jobs live only in this process: durability is the
 * caller's business (a job is enqueued after its record is committed, guarantee G1).
 */
export function createInProcessQueue<T>(options: InProcessQueueOptions<T>): JobQueue<T> {
  validateOptions(options as InProcessQueueOptions<unknown>);
  const { concurrency, capacity, handler, onError } = options;
  const pending = new Fifo<T>();
  let active = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  // A failing reporter must not stall the queue: its own errors are dropped.
  const report = (error: unknown, job: T): void => {
    try {
      onError?.(error, job);
    } catch {}
  };

  const start = (job: T): void => {
    active += 1;
    // The handler runs on a microtask, so enqueue() never runs it inside the caller's stack, and a
    // synchronous throw ends up as a rejection like any other.
    void Promise.resolve()
      .then(() => handler(job))
      .catch((error: unknown) => report(error, job))
      .finally(finish);
  };

  const finish = (): void => {
    active -= 1;
    // Invariant: jobs wait only while every slot is busy, so one slot freed starts at most one job.
    if (pending.size > 0) start(pending.shift() as T);
    if (active === 0 && pending.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const onIdle = (): Promise<void> =>
    active === 0 && pending.size === 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          idleWaiters.push(resolve);
        });

  return {
    enqueue(job: T): boolean {
      if (closed) throw new OperationalError('QUEUE_CLOSED', 'The queue is closed and accepts no new jobs');
      if (active < concurrency) start(job);
      else if (pending.size < capacity) pending.push(job);
      else return false;
      return true;
    },
    get depth() {
      return pending.size;
    },
    get active() {
      return active;
    },
    capacity,
    onIdle,
    async close({ dropPending = false } = {}) {
      closed = true;
      const dropped = dropPending ? pending.drain() : [];
      await onIdle();
      return dropped;
    },
  };
}
