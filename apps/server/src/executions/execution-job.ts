import type { ExecutionDetail } from '@klikkflow/database';
import type { ExecutionState, RunRequest } from '@klikkflow/engine';
import type { ExecutionMode, ExecutionStatus, Item, SerializedError, Workflow } from '@klikkflow/types';
import { type SaveMode, saveModeOf } from './save-policy.js';

/** The engine's run options that say how a fresh execution starts: the one list {@link StartData} is made of. */
const START_OPTIONS = [
  'startNodeId',
  'triggerItems',
  'runFrom',
  'runTo',
  'previousRunData',
  'usePinData',
] as const satisfies readonly (keyof RunRequest)[];

/** How a fresh execution starts (the engine's run options); stored as JSON so it can be restarted or retried. */
export type StartData = Pick<RunRequest, (typeof START_OPTIONS)[number]>;

/**
 * The start options of a request, copied one by one from the same list the type is made of (an object rest
 * is slow to build in V8, and this runs for every execution); options left out stay out, so the stored start
 * data keeps its shape.
 */
export function startDataOf(request: StartData): StartData {
  const start: Record<string, unknown> = {};
  for (const option of START_OPTIONS) {
    if (request[option] !== undefined) start[option] = request[option];
  }
  return start as StartData;
}

/** What a waiting caller sees of a commit: enough to find a Respond to Webhook node's answer. */
export interface CommitView {
  /** Per-node state, secrets redacted (the Respond to Webhook node leaves its answer here). */
  nodeState: Record<string, unknown>;
  /** Nothing is left to run after this commit. */
  nothingLeft: boolean;
}

/** The view of a committed state that a waiting caller gets. */
export function commitViewOf(state: ExecutionState, nodeState = state.nodeState): CommitView {
  return { nodeState, nothingLeft: state.stack.length === 0 && state.waiting.length === 0 };
}

/** What a waiting HTTP caller hears about an execution. */
export interface ExecutionListener {
  /**
   * After a commit of this execution, before successors run (the Respond to Webhook node watches this).
   * `ensureStored` stores the execution now if it is not yet stored: call it before answering a caller
   * while work remains, so the answer promises nothing that a crash could lose (G1).
   */
  onCommit?(view: CommitView, ensureStored: () => Promise<void>): Promise<void> | void;
  /** Once it has ended or parked, after its record is stored (when it is kept). */
  onFinish?(outcome: ExecutionOutcome): void;
  /**
   * Instead of `onFinish` when the run could not be carried out or its end not stored (the database went
   * away): nothing more will be heard of it, so a waiting caller answers with this error.
   */
  onFailure?(error: unknown): void;
}

/** How an execution ended (or parked). */
export interface ExecutionOutcome {
  executionId: string;
  status: ExecutionStatus;
  /** Outputs of the last node that ran, when it succeeded. */
  output: Item[][] | null;
  lastNodeId?: string;
  error?: SerializedError;
  /** The final state (for a response node's stored answer). */
  state?: ExecutionState;
}

/** One unit of work for the queue: run or resume one execution. */
export interface ExecutionJob {
  executionId: string;
  workflow: Workflow;
  mode: ExecutionMode;
  createdAt: number;
  start: StartData;
  /** Committed state to continue from (a waiting or crashed execution). */
  resume?: { state: ExecutionState; parkedOutput?: Item[] };
  /**
   * The stored record's status when the job starts: `new` moves to `running` by compare-and-set,
   * `running` is already claimed; null when nothing is stored yet (stored later if kept).
   */
  recordStatus: 'new' | 'running' | null;
  retryOf?: string;
  idempotencyKey?: string;
  saveMode: SaveMode;
  listener?: ExecutionListener;
}

/** The job that runs (or resumes) a stored execution: from its start, or from its last committed state. */
export function storedJobOf(
  detail: Pick<ExecutionDetail, 'record' | 'workflow' | 'start' | 'state'>,
  saveDefault: SaveMode,
  listener?: ExecutionListener,
): ExecutionJob {
  const { record } = detail;
  return {
    executionId: record.id,
    workflow: detail.workflow,
    mode: record.mode,
    createdAt: record.createdAt,
    start: detail.start as StartData,
    ...(detail.state && { resume: { state: detail.state } }),
    recordStatus: record.status === 'new' ? 'new' : 'running',
    ...(record.retryOf !== undefined && { retryOf: record.retryOf }),
    saveMode: saveModeOf(detail.workflow, saveDefault),
    ...(listener && { listener }),
  };
}
