import type { AnyNodeDefinition } from '@klikkflow/plugin-sdk';
import {
  type Item,
  type NodeRun,
  OperationalError,
  type SerializedError,
  serializeError,
  UserError,
  type WorkflowNode,
} from '@klikkflow/types';
import { Cancellation } from './cancellation.js';
import { defaultedParameters } from './defaulted-parameters.js';
import { failedInputItems, routeErrorItems } from './error-routing.js';
import type { StackEntry } from './execution-state.js';
import type { ExpressionScope } from './expressions/expression-scope.js';
import { resolveParameters } from './expressions/parameter-resolver.js';
import { connectionInput } from './expressions/snapshot-builder.js';
import { autoPairItems, emptyItemFor } from './item-pairing.js';
import { createNodeContext, type NodeRunSideEffects } from './node-context-factory.js';
import { regularOutputCount } from './node-ports.js';
import { retryDelay } from './retry-policy.js';
import type { RunContext } from './run-context.js';

/** Abort reason once a try is over: lets helpers still running stop, without building a DOMException. */
const TRY_FINISHED = Object.freeze(new Error('the node try finished'));

/** What running one stack entry produced. */
export interface NodeRunOutcome {
  run: NodeRun;
  /** Items per output to route downstream; null when nothing goes on from this node. */
  outputs: Item[][] | null;
  /** Set when the execution must stop with this node's error. */
  failure?: SerializedError;
  /** Set when the node parked the execution (epoch ms). */
  waitUntil?: number;
}

/** Runs one scheduled node: disabled pass-through, pinned data, or a real run with retries and timeouts. */
export async function runScheduledNode(run: RunContext, entry: StackEntry): Promise<NodeRunOutcome> {
  const { graph, setup, state } = run;
  const node = graph.node(entry.nodeId);
  const runIndex = state.runData[node.id]?.length ?? 0;
  const startedAt = setup.clock.now();
  const record = (fields: Partial<NodeRun> & Pick<NodeRun, 'status' | 'outputs'>): NodeRun => ({
    runIndex,
    startedAt,
    durationMs: setup.clock.now() - startedAt,
    source: entry.source,
    inputs: entry.inputs,
    ...fields,
  });

  if (node.disabled) {
    const outputs = [entry.inputs[0] ?? []];
    return { run: record({ status: 'success', outputs }), outputs };
  }
  const pinned = run.usePinData ? run.workflow.pinData?.[node.id] : undefined;
  if (pinned) {
    const outputs = finishOutputs(node, [pinned], entry.inputs);
    return { run: record({ status: 'success', outputs, pinned: true }), outputs };
  }

  const definition = setup.registry.require(node.type, node.version);
  const inputs = node.executeOnce ? entry.inputs.map((items) => items.slice(0, 1)) : entry.inputs;
  const parameters = defaultedParameters(definition, node);
  const regularOutputs = regularOutputCount(definition, parameters);
  const effects: NodeRunSideEffects = { logs: [] };
  const plan: TryPlan = { node, definition, entry, inputs, runIndex, parameters, effects };
  const { outputs, error, tries } = await executeWithRetries(run, plan);
  const logs = effects.logs.length > 0 ? { logs: effects.logs } : {};

  if (error === undefined) {
    if (effects.waitUntil) {
      return {
        run: record({ status: 'waiting', outputs: null, tries, ...logs }),
        outputs: null,
        waitUntil: effects.waitUntil.getTime(),
      };
    }
    let finished = finishOutputs(node, outputs, inputs);
    if (node.onError === 'errorOutput') finished = routeErrorItems(finished, regularOutputs, inputs);
    return { run: record({ status: 'success', outputs: finished, tries, ...logs }), outputs: finished };
  }
  if (run.cancellation.aborted) {
    return { run: record({ status: 'canceled', outputs: null, error, tries, ...logs }), outputs: null };
  }
  if (node.onError === 'continue' || node.onError === 'errorOutput') {
    const continued: Item[][] =
      node.onError === 'continue'
        ? [inputs[0] ?? []]
        : [...Array.from({ length: regularOutputs }, () => []), failedInputItems(inputs, error.message)];
    return {
      run: record({ status: 'error', outputs: continued, error, tries, ...logs }),
      outputs: continued,
    };
  }
  return {
    run: record({ status: 'error', outputs: null, error, tries, ...logs }),
    outputs: null,
    failure: error,
  };
}

/** Auto-pairing, then `alwaysOutputData`. */
function finishOutputs(node: WorkflowNode, outputs: Item[][], inputs: Item[][]): Item[][] {
  const paired = autoPairItems(outputs, inputs);
  if (node.alwaysOutputData && (paired[0]?.length ?? 0) === 0) {
    return [[emptyItemFor(inputs)], ...paired.slice(1)];
  }
  return paired;
}

interface TriesResult {
  outputs: Item[][];
  error?: SerializedError;
  tries: number;
}

/** One node run's fixed facts, shared by its tries. */
interface TryPlan {
  node: WorkflowNode;
  definition: AnyNodeDefinition;
  entry: StackEntry;
  inputs: Item[][];
  runIndex: number;
  parameters: Record<string, unknown>;
  effects: NodeRunSideEffects;
}

async function executeWithRetries(run: RunContext, plan: TryPlan): Promise<TriesResult> {
  const { setup } = run;
  const { node, definition, inputs, runIndex, effects } = plan;
  const execute = definition.execute;
  if (!execute) return { outputs: [inputs[0] ?? []], tries: 1 };
  const scope: ExpressionScope = {
    workflow: run.workflow,
    executionId: run.state.executionId,
    mode: run.state.mode,
    runData: run.state.runData,
    node,
    runIndex,
    // Expressions see every input item ($input.all()), even when executeOnce runs the node on the first.
    inputs: plan.entry.inputs,
    source: plan.entry.source,
    now: setup.clock.now(),
    variables: setup.ports.variables?.() ?? {},
    // Read when used: this node (an earlier try of it too) may save custom data while it runs.
    customData: () => run.state.customData,
    limits: { timeoutMs: setup.limits.expressionTimeoutMs, memoryMb: setup.limits.memoryMb },
  };
  const maxTries = node.retry?.maxTries ?? 1;
  let attempt = 0;
  for (;;) {
    attempt++;
    // Each try has its own cancellation: its timeout ends it alone, and once it is over whatever it left
    // running (a request after a timeout) is told to stop.
    const cancellation = new Cancellation();
    const unfollow = cancellation.follow(run.cancellation);
    try {
      const itemCount = node.executeOnce ? 1 : Math.max(1, connectionInput(scope).length);
      const parameters = await resolveParameters(
        setup.ports.sandbox,
        scope,
        plan.parameters,
        itemCount,
        definition.rawParameters,
      );
      const ctx = createNodeContext({
        run,
        node,
        inputs,
        runIndex,
        scope,
        parameters,
        cancellation,
        effects,
      });
      const outputs = await bounded(run, node, execute(ctx, inputs), cancellation);
      return { outputs: validateOutputs(node, outputs), tries: attempt };
    } catch (error) {
      const retryable = node.retry?.retryOn === 'all' || !isPermanent(error);
      const canRetry = node.retry && attempt < maxTries && !run.cancellation.aborted && retryable;
      if (!canRetry || !(await pause(run, retryDelay(node.retry!, attempt, setup.random)))) {
        return { outputs: [], error: describeNodeError(node, error), tries: attempt };
      }
    } finally {
      cancellation.abort(TRY_FINISHED);
      unfollow();
    }
  }
}

/** True for errors that a retry cannot fix (bad input, bad workflow): checked by intent, across boundaries. */
function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { intent?: unknown }).intent === 'user';
}

/** Sleeps between tries; false when the execution was aborted meanwhile. */
async function pause(run: RunContext, ms: number): Promise<boolean> {
  try {
    await run.setup.clock.sleep(ms, run.cancellation.signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Settles with the node's promise, or rejects with the reason as soon as the try's cancellation aborts
 * (cancel, execution timeout, or this node's own timeout, which aborts the try's cancellation). One
 * promise and one listener, removed once the node settles: this runs for every node run.
 */
function bounded<T>(
  run: RunContext,
  node: WorkflowNode,
  work: Promise<T>,
  cancellation: Cancellation,
): Promise<T> {
  if (node.timeoutMs !== undefined) abortOnTimeout(run, node, node.timeoutMs, cancellation);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancellation.reason);
    work.then(
      (value) => {
        cancellation.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        cancellation.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
    if (cancellation.aborted) onAbort();
    else cancellation.addEventListener('abort', onAbort);
  });
}

/** Aborts the try with `NODE_TIMEOUT` after `timeoutMs`; the timer stops when the try ends first. */
function abortOnTimeout(
  run: RunContext,
  node: WorkflowNode,
  timeoutMs: number,
  cancellation: Cancellation,
): void {
  run.setup.clock.sleep(timeoutMs, cancellation.signal).then(
    () =>
      cancellation.abort(
        new OperationalError('NODE_TIMEOUT', `node "${node.name}" timed out after ${timeoutMs} ms`, {
          details: { node: node.name, timeoutMs },
        }),
      ),
    () => undefined,
  );
}

function validateOutputs(node: WorkflowNode, outputs: unknown): Item[][] {
  if (!Array.isArray(outputs) || !outputs.every((port) => Array.isArray(port))) {
    throw new UserError(
      'NODE_INVALID_OUTPUT',
      `node "${node.name}" returned something other than items per output`,
    );
  }
  return outputs as Item[][];
}

/** Serializes a node's failure, naming the node. */
function describeNodeError(node: WorkflowNode, error: unknown): SerializedError {
  const serialized = serializeError(error);
  return { ...serialized, details: { ...serialized.details, node: node.name, nodeId: node.id } };
}
