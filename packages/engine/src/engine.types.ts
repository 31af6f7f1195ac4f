import type {
  ExecutionEvent,
  ExecutionMode,
  ExecutionStatus,
  Item,
  RunData,
  Workflow,
} from '@klikkflow/types';
import type { AbortSource } from './cancellation.js';
import type { ExecutionFailure, ExecutionState } from './execution-state.js';
import type { NodeRegistry } from './node-registry.js';
import type { BlobStore } from './ports/blob-store.port.js';
import type { CheckpointStore } from './ports/checkpoint-store.port.js';
import type { Clock } from './ports/clock.port.js';
import type { CredentialResolver } from './ports/credential-resolver.port.js';
import type { EgressClient } from './ports/egress.port.js';
import type { FileAccess } from './ports/file-access.port.js';
import type { ScriptSandbox } from './ports/script-sandbox.port.js';
import type { WorkflowLoader } from './ports/workflow-loader.port.js';

/** Everything outside the engine arrives through these ports. Only the sandbox is required. */
export interface EnginePorts {
  sandbox: ScriptSandbox;
  checkpoints?: CheckpointStore;
  clock?: Clock;
  workflows?: WorkflowLoader;
  credentials?: CredentialResolver;
  egress?: EgressClient;
  blobs?: BlobStore;
  /** Confined file access for file nodes. */
  files?: FileAccess;
  events?: (event: ExecutionEvent) => void;
  /** `$vars`. */
  variables?: () => Record<string, string>;
}

/** Engine-wide bounds. */
export interface EngineLimits {
  /** Expression evaluation time limit per batch, ms (default 1,000). */
  expressionTimeoutMs: number;
  /** Code node time limit, ms (default 10,000). */
  codeTimeoutMs: number;
  /** Sandbox heap limit, MB (default 128). */
  memoryMb: number;
  /** Node runs per execution before it is stopped as an endless loop (default 10,000). */
  maxNodeRuns: number;
  /** Nesting depth of sub-workflows (default 10). */
  maxSubWorkflowDepth: number;
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  registry: NodeRegistry;
  ports: EnginePorts;
  limits?: Partial<EngineLimits>;
  /** Mints execution ids (default: random UUIDs). */
  newExecutionId?: () => string;
}

/** What to run. */
export interface RunRequest {
  workflow: Workflow;
  executionId?: string;
  mode?: ExecutionMode;
  /** Trigger or start node id (default: the trigger node, else the first node without parents). */
  startNodeId?: string;
  /** Items the start node emits (default `[{ json: {} }]`). */
  triggerItems?: Item[];
  /** Partial execution: run from this node, reusing `previousRunData` for its parents. */
  runFrom?: string;
  /** Partial execution: run only what is needed to reach this node, then stop. */
  runTo?: string;
  /** Run data of an earlier execution, for partial execution. */
  previousRunData?: RunData;
  /** Use `workflow.pinData` (default true). */
  usePinData?: boolean;
  signal?: AbortSource;
  /** Sub-workflow nesting depth (set by the engine). */
  depth?: number;
}

/** The outcome of a run or resume. */
export interface ExecutionResult {
  executionId: string;
  status: ExecutionStatus;
  runData: RunData;
  /** The final state, resumable when `status` is `waiting`. */
  state: ExecutionState;
  error?: ExecutionFailure;
  /** Node id of the last node that ran. */
  lastNodeId?: string;
  /** Outputs of the last node that ran (null when it failed or nothing ran). */
  output: Item[][] | null;
  /** Epoch ms to resume at, when `waiting`. */
  waitTill?: number;
}

/** Options of {@link Engine.resume}. */
export interface ResumeOptions {
  signal?: AbortSource;
  /** Output of the parked node (a resume webhook's request items); default: its input passes through. */
  parkedOutput?: Item[];
}

/** Runs workflows. Stateless between calls: all state is in {@link ExecutionState}. */
export interface Engine {
  run(request: RunRequest): Promise<ExecutionResult>;
  /** Continues an execution from a committed state (after a crash, or a `waiting` execution's time). */
  resume(workflow: Workflow, state: ExecutionState, options?: ResumeOptions): Promise<ExecutionResult>;
}
