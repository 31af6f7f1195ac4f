/**
 * The port through which the server hands work to whoever runs it: an in-process queue in embedded
 * mode, a Redis-backed one in scale mode. Bounded by design: a full queue refuses instead of growing.
 */
export interface JobQueue<T> {
  /**
   * Accepts a job, or refuses it when the queue is full by returning `false` (backpressure: the caller
   * answers 429/503). Throws `OperationalError` `QUEUE_CLOSED` after {@link JobQueue.close}.
   */
  enqueue(job: T): boolean;
  /** Jobs accepted but not started. */
  readonly depth: number;
  /** Jobs running. */
  readonly active: number;
  /** Capacity: the most jobs that may be pending at once. */
  readonly capacity: number;
  /** Resolves when nothing is pending or running. */
  onIdle(): Promise<void>;
  /**
   * Stops accepting jobs. With `dropPending`, jobs not yet started are handed back (returned) without
   * running; otherwise they still run. Resolves after the running jobs have finished. Idempotent: a later
   * call waits for the same drain, and a job is handed back at most once.
   */
  close(options?: { dropPending?: boolean }): Promise<T[]>;
}
