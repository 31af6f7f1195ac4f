import type { ExecutionState } from '@klikkflow/engine';
import { type Item, TERMINAL_STATUSES } from '@klikkflow/types';
import type { Kysely, OnConflictBuilder } from 'kysely';
import type { NewNodeRun } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';
import { storedRunText } from './stored-node-run.js';

/**
 * Node run rows of one execution. With `startItems` (the trigger items of the start stored in the same
 * write), a run whose input is that very array stores a reference to it.
 */
export function runRows(executionId: string, runs: readonly NewNodeRun[], startItems?: readonly Item[]) {
  return runs.map(({ nodeId, run }) => ({
    execution_id: executionId,
    node_id: nodeId,
    run_index: run.runIndex,
    data: storedRunText(run, startItems),
  }));
}

/** The node run upsert's conflict rule: the newest checkpoint owns the truth, a run it re-sends replaces the stored copy. */
export const replacingRun = (conflict: OnConflictBuilder<DatabaseSchema, 'execution_node_runs'>) =>
  conflict
    .columns(['execution_id', 'node_id', 'run_index'])
    .doUpdateSet((eb) => ({ data: eb.ref('excluded.data') }));

/**
 * The stored `execution_data.state`: the engine state without its run data, which lives in node run rows,
 * and, once the execution has ended, without its node state: only a continuing execution reads that (a
 * loop's position, a Respond to Webhook node's answer, which holds the whole response body).
 */
export const stateText = (state: ExecutionState): string =>
  JSON.stringify({
    ...state,
    runData: {},
    ...(TERMINAL_STATUSES.includes(state.status) && { nodeState: {} }),
  });

/**
 * The sequence-guarded checkpoint write shared by the embedded and the fenced (scale-mode) checkpoint:
 * stores `state` (without run data) and upserts `newRuns`, only when `state.sequence` is higher than the
 * stored one. Run it inside the caller's transaction. False (and nothing written) for a stale sequence.
 */
export async function writeCheckpoint(
  trx: Kysely<DatabaseSchema>,
  id: string,
  state: ExecutionState,
  newRuns: readonly NewNodeRun[],
): Promise<boolean> {
  // The sequence guard comes first: a stale writer leaves before writing anything.
  const guarded = await trx
    .updateTable('execution_data')
    .set({ state: stateText(state), sequence: state.sequence })
    .where('execution_id', '=', id)
    .where('sequence', '<', state.sequence)
    .executeTakeFirst();
  if (Number(guarded.numUpdatedRows) !== 1) return false;
  if (newRuns.length > 0) {
    await trx
      .insertInto('execution_node_runs')
      .values(runRows(id, newRuns))
      .onConflict(replacingRun)
      .execute();
  }
  return true;
}
