import type { NewNodeRun } from '@klikkflow/database';
import type { CheckpointStore, ExecutionState } from '@klikkflow/engine';
import type { Redactor } from '@klikkflow/security';
import { OperationalError, type RunData } from '@klikkflow/types';

/** Node runs already written, per node, and which of them were written while `waiting`. */
interface WrittenRuns {
  counts: Map<string, number>;
  waiting: Set<string>;
}

function writtenFrom(runData: RunData): WrittenRuns {
  const written: WrittenRuns = { counts: new Map(), waiting: new Set() };
  for (const [nodeId, runs] of Object.entries(runData)) {
    written.counts.set(nodeId, runs.length);
    runs.forEach((run, index) => {
      if (run.status === 'waiting') written.waiting.add(`${nodeId}\u0000${index}`);
    });
  }
  return written;
}

/** Runs finished since the last write, plus earlier `waiting` runs that have since completed. */
function runsToWrite(state: ExecutionState, written: WrittenRuns): NewNodeRun[] {
  const runs: NewNodeRun[] = [];
  for (const [nodeId, nodeRuns] of Object.entries(state.runData)) {
    const from = written.counts.get(nodeId) ?? 0;
    nodeRuns.forEach((run, index) => {
      const key = `${nodeId}\u0000${index}`;
      if (index >= from || (written.waiting.has(key) && run.status !== 'waiting')) runs.push({ nodeId, run });
    });
  }
  return runs;
}

function remember(runs: readonly NewNodeRun[], written: WrittenRuns): void {
  for (const { nodeId, run } of runs) {
    const key = `${nodeId}\u0000${run.runIndex}`;
    written.counts.set(nodeId, Math.max(written.counts.get(nodeId) ?? 0, run.runIndex + 1));
    if (run.status === 'waiting') written.waiting.add(key);
    else written.waiting.delete(key);
  }
}

/**
 * How a checkpoint reached the store: `ok`; `stale` when another writer owns the execution now (nothing was
 * written); `cancel` when it was written but the execution is to stop (a cancel was requested).
 */
export type CheckpointSaveResult = 'ok' | 'stale' | 'cancel';

/** Options of {@link createCheckpointWriter}. */
export interface CheckpointWriterOptions {
  executionId: string;
  /** Stores the state (without run data) and the new node runs in one transaction. */
  save(state: ExecutionState, runs: NewNodeRun[]): Promise<CheckpointSaveResult>;
  redactor: Redactor;
  /** False while the execution has no stored record (it is stored at the end, if kept). */
  persist: () => boolean;
  /** Run data already stored (when resuming). */
  stored?: RunData;
  /** Called after each commit of this execution, before successors run (the webhook answer watches it). */
  onCommit?: (state: ExecutionState) => Promise<void> | void;
  /** A commit was stored, but the store says the execution is to stop (its cancel was requested). */
  onCancelRequested?: () => void;
}

/**
 * The engine's checkpoint port for one execution (G3): each commit writes the node runs finished since
 * the previous one and the resumable state, secrets redacted, before the engine schedules successors.
 * States of sub-workflow executions pass through unpersisted (they run inside their parent's job).
 */
export function createCheckpointWriter(options: CheckpointWriterOptions): CheckpointStore {
  const written = writtenFrom(options.stored ?? {});
  return {
    async commit(state) {
      if (state.executionId !== options.executionId) return;
      if (options.persist()) await write(state);
      await options.onCommit?.(state);
    },
  };

  async function write(state: ExecutionState): Promise<void> {
    const runs = options.redactor.redact(runsToWrite(state, written));
    const saved = await options.save(options.redactor.redact({ ...state, runData: {} }), runs);
    if (saved === 'stale') {
      throw new OperationalError(
        'EXECUTION_CHECKPOINT_STALE',
        `execution ${state.executionId} was committed by another writer; this run stops`,
      );
    }
    remember(runs, written);
    if (saved === 'cancel') options.onCancelRequested?.();
  }
}
