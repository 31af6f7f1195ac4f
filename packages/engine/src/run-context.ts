import type { Workflow } from '@klikkflow/types';
import type { Cancellation } from './cancellation.js';
import type { EngineLimits, EnginePorts, ExecutionResult, RunRequest } from './engine.types.js';
import type { ExecutionState } from './execution-state.js';
import type { NodeRegistry } from './node-registry.js';
import type { Clock } from './ports/clock.port.js';
import type { WorkflowGraph } from './workflow-graph.js';

/** Engine options with every default applied. */
export interface EngineSetup {
  registry: NodeRegistry;
  ports: EnginePorts;
  limits: EngineLimits;
  clock: Clock;
  newExecutionId: () => string;
  random: () => number;
  /** Runs a workflow as a child execution (sub-workflows). */
  run(request: RunRequest): Promise<ExecutionResult>;
}

/** Everything one execution's loop needs; lives only as long as that loop. */
export interface RunContext {
  setup: EngineSetup;
  workflow: Workflow;
  graph: WorkflowGraph;
  state: ExecutionState;
  /** Aborted on cancel or execution timeout. */
  cancellation: Cancellation;
  usePinData: boolean;
  /** Sub-workflow nesting depth of this execution. */
  depth: number;
  /** Partial execution up to a node: only these nodes may run (null = all). */
  allowedNodes: Set<string> | null;
  /** Main input counts by node id, computed once per node on first use and shared by runs of the workflow. */
  inputCounts: Map<string, number>;
}

/** The default clock: wall time and timers (no I/O). */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
