import type { ExecutionLeaseRepository } from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';
import type { WorkQueue } from '@klikkflow/queue';
import { jobIdFor } from './work-messages.js';

/** Executions looked at per pass. */
const BATCH = 500;

/**
 * Hands the workers again what the database says must run but the queue may have lost (a Redis restart,
 * FLUSHALL or failover, R4): `new` executions older than `newGraceMs`, and `running` ones whose lease ran
 * out or was given back. The job id of each is derived from its claim epoch, so a job that is still
 * queued is not added twice, and a second worker's claim of one already running fails harmlessly.
 */
export function createReconciler(deps: {
  leases: Pick<ExecutionLeaseRepository, 'listRecoverable'>;
  work: Pick<WorkQueue, 'add'>;
  clock: Clock;
  newGraceMs: number;
}): { pass(): Promise<number> } {
  return {
    async pass() {
      const due = await deps.leases.listRecoverable(deps.clock.now(), deps.newGraceMs, BATCH);
      if (due.length > 0) {
        await deps.work.add(due.map((row) => ({ executionId: row.id, jobId: jobIdFor(row.id, row.epoch) })));
      }
      return due.length;
    },
  };
}
