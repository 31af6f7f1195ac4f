import { z } from 'zod';
import type { SerializedError } from './errors.js';
import type { Item } from './item.schema.js';

/** Execution status state machine: `new → running → success|error|canceled`, plus `waiting`. */
export const executionStatusSchema = z.enum(['new', 'running', 'success', 'error', 'canceled', 'waiting']);
export type ExecutionStatus = z.infer<typeof executionStatusSchema>;

/** Terminal statuses: nothing runs after one of these. */
export const TERMINAL_STATUSES: readonly ExecutionStatus[] = ['success', 'error', 'canceled'];

/**
 * The allowed status transitions (G7): `new → running → success|error|canceled|waiting`, `waiting → running`
 * to resume, and cancel or fail from any live status. Terminal statuses have no way out.
 */
export const EXECUTION_TRANSITIONS: Readonly<Record<ExecutionStatus, readonly ExecutionStatus[]>> = {
  new: ['running', 'error', 'canceled'],
  running: ['success', 'error', 'canceled', 'waiting'],
  waiting: ['running', 'error', 'canceled'],
  success: [],
  error: [],
  canceled: [],
};

/** True when `from → to` is an allowed transition. */
export function canTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return EXECUTION_TRANSITIONS[from].includes(to);
}

/** Statuses from which an execution may move to `to`. */
export function statusesLeadingTo(to: ExecutionStatus): ExecutionStatus[] {
  return executionStatusSchema.options.filter((from) => canTransition(from, to));
}

/** Why an execution runs. */
export const executionModeSchema = z.enum([
  'manual',
  'trigger',
  'webhook',
  'schedule',
  'subworkflow',
  'retry',
  'cli',
]);
export type ExecutionMode = z.infer<typeof executionModeSchema>;

/** Where one input of a node run came from. */
export interface RunSource {
  /** Node id of the parent. */
  node: string;
  output: number;
  runIndex: number;
}

/** Status of one node run. */
export type NodeRunStatus = 'success' | 'error' | 'waiting' | 'canceled';

/** Everything recorded about one run of one node. */
export interface NodeRun {
  runIndex: number;
  status: NodeRunStatus;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  /** Per input port: where its items came from (null when the input had no parent). */
  source: (RunSource | null)[];
  /** Items per input port, as the node received them. */
  inputs: Item[][];
  /** Items per output port; null when the node failed or is waiting. */
  outputs: Item[][] | null;
  error?: SerializedError;
  /** Lines the node logged (Code node `console.log`). */
  logs?: string[];
  /** How many tries it took. */
  tries?: number;
  /** The output came from pinned data, not a real run. */
  pinned?: boolean;
}

/** Run data: node id → runs in order. */
export type RunData = Record<string, NodeRun[]>;

/** Lifecycle events emitted by the engine: persistence, live updates, metrics and tracing observe these. */
export type ExecutionEvent =
  | { type: 'executionStart'; executionId: string; workflowId: string; at: number }
  | { type: 'nodeStart'; executionId: string; nodeId: string; nodeName: string; runIndex: number; at: number }
  | {
      type: 'nodeEnd';
      executionId: string;
      nodeId: string;
      nodeName: string;
      runIndex: number;
      status: NodeRunStatus;
      itemCounts: number[];
      durationMs: number;
      at: number;
    }
  | { type: 'executionEnd'; executionId: string; status: ExecutionStatus; at: number };
