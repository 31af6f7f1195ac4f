import type {
  ExecutionMode,
  ExecutionStatus,
  Item,
  RunData,
  RunSource,
  SerializedError,
} from '@klikkflow/types';

/** A node scheduled to run, with its inputs. */
export interface StackEntry {
  nodeId: string;
  /** Items per input port. */
  inputs: Item[][];
  source: (RunSource | null)[];
}

/** A multi-input node collecting its inputs; a null slot has not received data yet. */
export interface WaitingEntry {
  nodeId: string;
  inputs: (Item[] | null)[];
  source: (RunSource | null)[];
}

/** The failure that ended an execution. */
export interface ExecutionFailure extends SerializedError {
  nodeId?: string;
  nodeName?: string;
}

/**
 * The whole resumable state of an execution. Plain JSON: the checkpoint store commits it after every
 * node, and {@link Engine.resume} continues from it.
 */
export interface ExecutionState {
  executionId: string;
  workflowId: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
  startedAt: number;
  finishedAt?: number;
  runData: RunData;
  stack: StackEntry[];
  waiting: WaitingEntry[];
  /** Per-node state (`ctx.setState`), e.g. Loop Over Items' remaining batches. */
  nodeState: Record<string, unknown>;
  /** Node id of the last node that ran. */
  lastNodeId?: string;
  /** Node runs so far (bounded by `settings.maxNodeRuns`). */
  nodeRuns: number;
  /** Set while `waiting`: epoch ms to resume at. */
  waitTill?: number;
  /** Set while `waiting`: the node that parked the execution, resumed with its input passed through. */
  parked?: StackEntry;
  error?: ExecutionFailure;
  /** Key/value text saved by nodes (`$execution.customData`), checkpointed with the execution. */
  customData?: Record<string, string>;
  /** Increases with every commit: a resumed run never goes back to an older checkpoint. */
  sequence: number;
}
