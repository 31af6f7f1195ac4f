import { randomUUID } from 'node:crypto';
import { type Item, serializeError, TERMINAL_STATUSES, UserError, type Workflow } from '@klikkflow/types';
import { Cancellation } from './cancellation.js';
import type {
  Engine,
  EngineLimits,
  EngineOptions,
  ExecutionResult,
  ResumeOptions,
  RunRequest,
} from './engine.types.js';
import { commit, emit, runExecutionLoop } from './execution-loop.js';
import type { ExecutionState } from './execution-state.js';
import type { NodeRegistry } from './node-registry.js';
import { type EngineSetup, type RunContext, realClock } from './run-context.js';
import { scheduleChildren } from './scheduling.js';
import { planStart } from './start-plan.js';
import { checkWorkflow } from './workflow-check.js';
import { WorkflowGraph } from './workflow-graph.js';

/** Abort reason once an execution is over (stops its timers without building a DOMException). */
const EXECUTION_FINISHED = Object.freeze(new Error('the execution finished'));

const DEFAULT_LIMITS: EngineLimits = {
  expressionTimeoutMs: 1_000,
  codeTimeoutMs: 10_000,
  memoryMb: 128,
  maxNodeRuns: 10_000,
  maxSubWorkflowDepth: 10,
};

/**
 * Workflow objects already checked against a registry. A server runs the same (immutable) workflow object
 * for every webhook call; checking it once is enough.
 */
const checkedWorkflows = new WeakMap<Workflow, NodeRegistry>();

/** The graph of each workflow object, built once: like the check, it depends only on the (immutable) object. */
const graphs = new WeakMap<Workflow, WorkflowGraph>();

/**
 * Main input counts by node id, per registry and workflow object: they depend only on the node definitions
 * and the nodes' static parameters, so every run of the same workflow shares them.
 */
const inputCounts = new WeakMap<NodeRegistry, WeakMap<Workflow, Map<string, number>>>();

/** The value `cache` holds for `key`, made by `make` and kept the first time it is asked for. */
function cached<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

const inputCountsOf = (registry: NodeRegistry, workflow: Workflow): Map<string, number> =>
  cached(
    cached(inputCounts, registry, () => new WeakMap()),
    workflow,
    () => new Map(),
  );

const graphOf = (workflow: Workflow): WorkflowGraph =>
  cached(graphs, workflow, () => new WorkflowGraph(workflow));

/** Creates an engine. It keeps no state between calls: everything about an execution is in its state. */
export function createEngine(options: EngineOptions): Engine {
  const setup: EngineSetup = {
    registry: options.registry,
    ports: options.ports,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    clock: options.ports.clock ?? realClock,
    newExecutionId: options.newExecutionId ?? randomUUID,
    random: Math.random,
    run: (request) => run(request),
  };

  async function run(request: RunRequest): Promise<ExecutionResult> {
    const problems =
      checkedWorkflows.get(request.workflow) === setup.registry
        ? []
        : checkWorkflow(request.workflow, setup.registry);
    if (problems.length > 0) {
      throw new UserError(
        'WF_INVALID',
        `the workflow is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        {
          details: { issues: problems },
        },
      );
    }
    checkedWorkflows.set(request.workflow, setup.registry);
    const graph = graphOf(request.workflow);
    const plan = planStart(graph, setup.registry, request);
    const state: ExecutionState = {
      executionId: request.executionId ?? setup.newExecutionId(),
      workflowId: request.workflow.id,
      mode: request.mode ?? 'manual',
      status: 'new',
      startedAt: setup.clock.now(),
      runData: plan.runData,
      stack: [plan.entry],
      waiting: [],
      nodeState: {},
      nodeRuns: 0,
      sequence: 0,
    };
    return execute(request.workflow, graph, state, request, plan.allowedNodes);
  }

  async function resume(workflow: Workflow, committed: ExecutionState, resumeOptions: ResumeOptions = {}) {
    const state = structuredClone(committed);
    const graph = graphOf(workflow);
    if (TERMINAL_STATUSES.includes(state.status)) return resultOf(state);
    const request = resumeOptions.signal ? { workflow, signal: resumeOptions.signal } : { workflow };
    return execute(workflow, graph, state, request, null, resumeOptions.parkedOutput ?? true);
  }

  async function execute(
    workflow: Workflow,
    graph: WorkflowGraph,
    state: ExecutionState,
    request: RunRequest,
    allowedNodes: Set<string> | null,
    /** True when resuming; a list is also the parked node's output. */
    resuming: boolean | Item[] = false,
  ): Promise<ExecutionResult> {
    const cancellation = new Cancellation();
    const timeoutSeconds = workflow.settings.executionTimeout;
    // Built only when there is a timeout: an error captures a stack trace, a cost every run would pay.
    const timeoutError =
      timeoutSeconds === undefined
        ? undefined
        : new UserError('WF_EXECUTION_TIMEOUT', `the execution ran longer than ${timeoutSeconds} s`);
    const unfollow = cancellation.follow(request.signal);
    if (timeoutSeconds !== undefined) {
      setup.clock.sleep(timeoutSeconds * 1000, cancellation.signal).then(
        () => cancellation.abort(timeoutError),
        () => undefined,
      );
    }
    const run: RunContext = {
      setup,
      workflow,
      graph,
      state,
      cancellation,
      usePinData: request.usePinData ?? true,
      depth: request.depth ?? 0,
      allowedNodes,
      inputCounts: inputCountsOf(setup.registry, workflow),
    };
    try {
      if (!resuming)
        emit(run, {
          type: 'executionStart',
          executionId: state.executionId,
          workflowId: workflow.id,
          at: state.startedAt,
        });
      if (resuming !== false && state.status === 'waiting') {
        await unpark(run, resuming === true ? undefined : resuming);
      }
      await runExecutionLoop(run);
      if (state.status === 'canceled' && timeoutError && cancellation.reason === timeoutError) {
        state.status = 'error';
        state.error = serializeError(timeoutError);
      }
      if (state.status !== 'waiting') {
        state.finishedAt = setup.clock.now();
        await commit(run);
        emit(run, {
          type: 'executionEnd',
          executionId: state.executionId,
          status: state.status,
          at: state.finishedAt,
        });
      }
      return resultOf(state);
    } finally {
      cancellation.abort(EXECUTION_FINISHED);
      unfollow();
    }
  }

  return { run, resume };
}

/**
 * Completes a parked node on resume: `output` (what resumed it, e.g. a resume webhook's request) or else
 * its input passes through, and its children are scheduled.
 */
async function unpark(run: RunContext, output?: Item[]): Promise<void> {
  const { state } = run;
  const parked = state.parked;
  if (parked) {
    const runs = state.runData[parked.nodeId] ?? [];
    const last = runs[runs.length - 1];
    const outputs = [output ?? parked.inputs[0] ?? []];
    if (last && last.status === 'waiting') {
      const finished = {
        ...last,
        status: 'success' as const,
        outputs,
        durationMs: run.setup.clock.now() - last.startedAt,
      };
      runs[runs.length - 1] = finished;
      // Observers saw the node end as `waiting`; now they see it succeed.
      emit(run, {
        type: 'nodeEnd',
        executionId: state.executionId,
        nodeId: parked.nodeId,
        nodeName: run.graph.node(parked.nodeId).name,
        runIndex: finished.runIndex,
        status: 'success',
        itemCounts: outputs.map((items) => items.length),
        durationMs: finished.durationMs,
        at: run.setup.clock.now(),
      });
    }
    scheduleChildren(run, parked.nodeId, outputs, last?.runIndex ?? 0);
  }
  delete state.parked;
  delete state.waitTill;
  state.status = 'running';
  await commit(run);
}

function resultOf(state: ExecutionState): ExecutionResult {
  const lastRuns = state.lastNodeId === undefined ? undefined : state.runData[state.lastNodeId];
  const lastRun = lastRuns?.[lastRuns.length - 1];
  const result: ExecutionResult = {
    executionId: state.executionId,
    status: state.status,
    runData: state.runData,
    state,
    output: lastRun?.outputs ?? null,
  };
  if (state.error) result.error = state.error;
  if (state.lastNodeId !== undefined) result.lastNodeId = state.lastNodeId;
  if (state.waitTill !== undefined) result.waitTill = state.waitTill;
  return result;
}
