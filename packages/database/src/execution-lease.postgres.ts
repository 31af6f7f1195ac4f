import type { ExecutionState } from '@klikkflow/engine';
import { type Kysely, sql } from 'kysely';
import { replacingRun, runRows, stateText } from './execution-checkpoint.js';
import { claimable, heldBy } from './execution-lease-conditions.js';
import type { ExecutionClaim, Fence, NewNodeRun } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';

/*
 * The lease's claim and fenced checkpoint on PostgreSQL, each one statement (one round trip) with
 * data-modifying CTEs instead of a five- or six-statement transaction. A statement is atomic; what makes
 * these correct under READ COMMITTED is where they read:
 *
 * - Every decision reads the `executions` row through a `for no key update` CTE (the lock the UPDATE
 *   takes anyway). When another transaction changed the row after this statement's snapshot, the lock
 *   waits for it if needed, then returns the newest committed version, re-checking the WHERE on it
 *   (PostgreSQL's EvalPlanQual): the same row a separate `select … for update` would have read.
 * - Plain reads in the statement would see its snapshot, taken before any wait; so `execution_data` is
 *   read with `for share`, which likewise returns its newest committed version.
 * - Rows are locked in one order, `executions` before `execution_data`: every CTE that touches
 *   `execution_data` depends (EXISTS) on the CTE that locked the `executions` row, so two of these
 *   statements cannot deadlock.
 * - The UPDATEs of `executions` in the statement update the row the CTE locked (our own lock lets them);
 *   reaching the row through a stale snapshot version, they follow it to the locked newest one.
 */

/** Claims the execution (see `ExecutionLeaseRepository.claim`) in one statement. */
export async function claimInOneStatement(
  db: Kysely<DatabaseSchema>,
  id: string,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<ExecutionClaim | undefined> {
  const leaseUntil = now + leaseMs;
  const row = await db
    // The row before the claim, locked; none when not claimable (re-checked on the newest version).
    .with('claimed', (qb) =>
      qb
        .selectFrom('executions')
        .select(['epoch', 'recoveries', 'recovery_sequence', 'started_at'])
        // A running row that still names an owner: its holder never gave the lease back.
        .select((eb) =>
          eb.and([eb('status', '=', 'running'), eb('lease_owner', 'is not', null)]).as('takeover'),
        )
        .where('id', '=', id)
        .where(claimable(now))
        .forNoKeyUpdate(),
    )
    // The committed sequence, read only for a takeover and only once the row above is locked: a
    // checkpoint of the old holder either committed before (and is seen) or never will.
    .with('data', (qb) =>
      qb
        .selectFrom('execution_data')
        .select('sequence')
        .where('execution_id', '=', id)
        .where((eb) => eb.exists(eb.selectFrom('claimed').select('epoch').where('takeover', '=', true)))
        .forShare(),
    )
    .updateTable('executions')
    .from('claimed')
    .leftJoin('data', (join) => join.onTrue())
    .set((eb) => ({
      status: 'running',
      epoch: eb('claimed.epoch', '+', 1),
      lease_owner: owner,
      lease_until: leaseUntil,
      started_at: eb.fn.coalesce('claimed.started_at', eb.val(now)),
      // A takeover at the sequence of the last one is one more recovery of the same step; else the first.
      recoveries: eb
        .case()
        .when('claimed.takeover', '=', false)
        .then(eb.ref('claimed.recoveries'))
        .when('claimed.recovery_sequence', '=', eb.ref('data.sequence'))
        .then(eb('claimed.recoveries', '+', 1))
        .else(1)
        .end(),
      recovery_sequence: eb
        .case()
        .when('claimed.takeover', '=', true)
        .then(eb.ref('data.sequence'))
        .else(eb.ref('claimed.recovery_sequence'))
        .end(),
    }))
    .where('executions.id', '=', id)
    .returning([
      'executions.epoch',
      'executions.recoveries',
      'executions.cancel_requested',
      'claimed.takeover',
    ])
    .executeTakeFirst();
  return (
    row && {
      executionId: id,
      epoch: row.epoch,
      owner,
      leaseUntil,
      takeover: row.takeover === true,
      recoveries: row.recoveries,
      cancelRequested: row.cancel_requested === 1,
    }
  );
}

/** The fenced checkpoint (see `ExecutionLeaseRepository.checkpoint`) in one statement. */
export async function checkpointInOneStatement(
  db: Kysely<DatabaseSchema>,
  id: string,
  fence: Fence,
  state: ExecutionState,
  runs: readonly NewNodeRun[],
): Promise<'ok' | 'stale' | 'cancel'> {
  const rows = runRows(id, runs);
  // The runs as a relation, one array parameter per column. Parenthesised here: Kysely does not wrap a
  // raw CTE body.
  const given = sql<{ node_id: string; run_index: number; data: string }>`(select * from unnest(
    ${rows.map((run) => run.node_id)}::text[],
    ${rows.map((run) => run.run_index)}::integer[],
    ${rows.map((run) => run.data)}::text[]
  ) as given (node_id, run_index, data))`;
  const row = await db
    // The fence, locked: a claim waits for this statement, then sees its sequence and renewed lease.
    .with('held', (qb) =>
      qb
        .selectFrom('executions')
        .select('cancel_requested')
        .where('id', '=', id)
        .where(heldBy(fence.epoch))
        .forNoKeyUpdate(),
    )
    // The sequence guard; from here on every write depends on it, so a stale checkpoint writes nothing.
    .with('guarded', (qb) =>
      qb
        .updateTable('execution_data')
        .set({ state: stateText(state), sequence: state.sequence })
        .where('execution_id', '=', id)
        .where('sequence', '<', state.sequence)
        .where((eb) => eb.exists(eb.selectFrom('held').select('cancel_requested')))
        .returning('execution_id'),
    )
    .with('renewed', (qb) =>
      qb
        .updateTable('executions')
        .set({ lease_until: fence.now + fence.leaseMs })
        .where('id', '=', id)
        .where((eb) => eb.exists(eb.selectFrom('guarded').select('execution_id'))),
    )
    .with('given', () => given)
    .with('upserted', (qb) =>
      qb
        .insertInto('execution_node_runs')
        .columns(['execution_id', 'node_id', 'run_index', 'data'])
        .expression((eb) =>
          eb
            .selectFrom(['guarded', 'given'])
            .select(['guarded.execution_id', 'given.node_id', 'given.run_index', 'given.data']),
        )
        .onConflict(replacingRun),
    )
    .selectFrom(['held', 'guarded'])
    .select('held.cancel_requested')
    .executeTakeFirst();
  if (!row) return 'stale';
  return row.cancel_requested === 1 ? 'cancel' : 'ok';
}
