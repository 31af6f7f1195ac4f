/** One execution handed to the workers. */
export interface WorkItem {
  executionId: string;
  /**
   * Dedupes: an item whose jobId is already waiting or running is not added again; once its run has
   * finished (either way) the same jobId may be added anew. Allowed shape (BullMQ custom ids): not
   * empty, no `:`, and not an integer such as `42` or `-7` (those collide with BullMQ's own numeric
   * ids). A UUID, or `<executionId>.<epoch>`, fits.
   */
  jobId: string;
  /**
   * Small extra facts for this delivery only (a resume webhook's items): the database holds everything
   * else, and an item re-added by the reconciler has none.
   */
  data?: Record<string, unknown>;
}

/** Jobs by state, for metrics and health. */
export interface WorkQueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * The port through which scale-mode processes hand executions to workers (BullMQ on Redis). Redis is
 * fed from the database, never the system of record (G1): an item lost here is re-added by the
 * application's reconciler, so the queue makes no retries of its own and a handler is expected to
 * be idempotent per execution (claims and epochs in the database fence duplicate deliveries).
 */
export interface WorkQueue {
  /** Adds the items in one round trip; idempotent per `jobId`. */
  add(items: readonly WorkItem[]): Promise<void>;
  /** Starts consuming: runs `handler` for each item, at most `concurrency` at once. Once per queue. */
  consume(
    handler: (executionId: string, data: Record<string, unknown> | undefined) => Promise<void>,
    options: { concurrency: number },
  ): void;
  counts(): Promise<WorkQueueCounts>;
  /**
   * Stops taking jobs and resolves once running handlers finish (unless `force`), while `add` still
   * works: a draining worker hands back what it could not finish. Idempotent.
   */
  stopConsuming(options?: { force?: boolean }): Promise<void>;
  /**
   * Stops taking jobs; resolves after running handlers finish (graceful drain) unless `force`.
   * Idempotent: a later call waits for the first. Closes its Redis connections.
   */
  close(options?: { force?: boolean }): Promise<void>;
}
