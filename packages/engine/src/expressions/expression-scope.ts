import type { ExecutionMode, Item, RunData, RunSource, Workflow, WorkflowNode } from '@klikkflow/types';
import type { SandboxLimits } from '../ports/script-sandbox.port.js';

/**
 * What an expression may read while one node runs: a read-only view of the execution.
 * Run data is keyed by node id; expressions name nodes by their display name.
 */
export interface ExpressionScope {
  workflow: Workflow;
  executionId: string;
  mode: ExecutionMode;
  /** Run data so far (node id → runs). Each run records `inputs`, `outputs` and `source`. */
  runData: RunData;
  /** The node being run. */
  node: WorkflowNode;
  /** This node's run index. */
  runIndex: number;
  /** This node's inputs, per input port. */
  inputs: Item[][];
  /** Where each input came from. */
  source: (RunSource | null)[];
  /** Epoch ms used for `$now`. */
  now: number;
  /**
   * `$execution.customData` saved so far, read when an expression or Code node needs it (the node may save
   * more while it runs). A function, not a getter: an object literal with a getter is slow to build in V8.
   */
  customData?: () => Record<string, string> | undefined;
  /** `$vars`. */
  variables: Record<string, string>;
  /** Sandbox bounds for expression calls. */
  limits: SandboxLimits;
}
