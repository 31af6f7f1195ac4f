import {
  type CodeMode,
  type CodeRunOptions,
  type CodeRunResult,
  createLineLogger,
  type NodeExecutionContext,
  type NodeHelpers,
  type SubWorkflowRequest,
} from '@klikkflow/plugin-sdk';
import { deserializeError, type Item, UnexpectedError, UserError, type WorkflowNode } from '@klikkflow/types';
import type { ExpressionScope } from './expressions/expression-scope.js';
import type { ResolvedParameters } from './expressions/parameter-resolver.js';
import { evaluateExpression } from './expressions/parameter-resolver.js';
import { buildSnapshot } from './expressions/snapshot-builder.js';
import type { RunContext } from './run-context.js';
import { runSubWorkflow } from './sub-workflow.js';

/** What a node run collects besides its outputs. */
export interface NodeRunSideEffects {
  logs: string[];
  /** Set when the node asked to park the execution. */
  waitUntil?: Date;
}

/** Inputs for {@link createNodeContext}. */
export interface NodeContextInput {
  run: RunContext;
  node: WorkflowNode;
  inputs: Item[][];
  runIndex: number;
  scope: ExpressionScope;
  parameters: ResolvedParameters;
  signal: AbortSignal;
  effects: NodeRunSideEffects;
}

function missingPort(port: string): never {
  throw new UnexpectedError('ENGINE_PORT_MISSING', `this engine was built without a ${port} port`);
}

/** Builds the context a node sees while it runs: parameters, credentials, helpers, state, waits. */
export function createNodeContext(input: NodeContextInput): NodeExecutionContext {
  const { run, node, scope, parameters, signal, effects } = input;
  const { ports, limits, clock } = run.setup;
  const logger = createLineLogger(effects.logs);
  const setExecutionCustomData = (data: Record<string, string>): void => {
    run.state.customData = mergeCustomData(run.state.customData ?? {}, data);
  };

  const helpers: NodeHelpers = {
    httpRequest: (options) => (ports.egress ?? missingPort('egress')).request({ ...options, signal }),
    runCode: async (code: string, mode: CodeMode, options?: CodeRunOptions): Promise<CodeRunResult> => {
      const outcome = await ports.sandbox.runCode({
        code,
        mode,
        // The code gets the items the node got (executeOnce keeps the first), as n8n's Code node reads its
        // own input; the node's expressions keep seeing every input item.
        data: buildSnapshot({ ...scope, inputs: input.inputs }, [code]),
        limits: { timeoutMs: limits.codeTimeoutMs, memoryMb: limits.memoryMb },
        ...(options?.continueOnFail === true && { continueOnFail: true }),
      });
      effects.logs.push(...outcome.logs);
      // Saved on a failure too: n8n keeps what a failed try set, and the next try reads it.
      if (outcome.customData !== undefined) setExecutionCustomData(outcome.customData);
      if (!outcome.ok) throw deserializeError(outcome.error);
      return { items: outcome.items, logs: outcome.logs };
    },
    executeWorkflow: (request: SubWorkflowRequest) => runSubWorkflow(run, node, request, signal),
    storeBinary: (data, meta) =>
      (ports.blobs ?? missingPort('blob store')).put(data, { ...meta, executionId: run.state.executionId }),
    readBinary: (ref) => (ports.blobs ?? missingPort('blob store')).get(ref),
    openBinary: (ref) => (ports.blobs ?? missingPort('blob store')).open(ref),
    readFile: (path) => (ports.files ?? missingPort('file access')).read(path),
    openFile: (path) => (ports.files ?? missingPort('file access')).open(path),
    writeFile: (path, data, options) =>
      (ports.files ?? missingPort('file access')).write(path, data, options),
  };

  return {
    node: { id: node.id, name: node.name, type: node.type, version: node.version },
    workflow: { id: run.workflow.id, name: run.workflow.name, timezone: run.workflow.settings.timezone },
    execution: { id: run.state.executionId, mode: run.state.mode },
    runIndex: input.runIndex,
    signal,
    continueOnFail: node.onError === 'continue' || node.onError === 'errorOutput',
    logger,
    helpers,
    getParameter<T>(path: string, itemIndex = 0, fallback?: T): T {
      const value = parameters.get(path, itemIndex);
      return (value === undefined ? fallback : value) as T;
    },
    getParameters: (itemIndex = 0) => parameters.all(itemIndex),
    evaluateExpression: (expression, itemIndex, extras) =>
      evaluateExpression(ports.sandbox, scope, expression, itemIndex, extras),
    async getCredentials<T>(type: string): Promise<T> {
      const ref = node.credentials?.[type];
      if (!ref) {
        throw new UserError(
          'NODE_CREDENTIAL_MISSING',
          `node "${node.name}" has no credential of type "${type}"`,
          {
            details: { node: node.name, type },
          },
        );
      }
      return (await (ports.credentials ?? missingPort('credentials')).resolve(type, ref)) as T;
    },
    idempotencyKey: (itemIndex) => `${run.state.executionId}:${node.id}:${input.runIndex}:${itemIndex}`,
    getState: <T>() => run.state.nodeState[node.id] as T | undefined,
    setState: (value) => {
      if (value === undefined) delete run.state.nodeState[node.id];
      else run.state.nodeState[node.id] = value;
    },
    now: () => clock.now(),
    setExecutionCustomData,
    sleep: (ms) => clock.sleep(ms, signal),
    waitUntil: (until) => {
      if (Number.isNaN(until.getTime())) {
        throw new UserError('NODE_WAIT_INVALID', `node "${node.name}" asked to wait until an invalid date`);
      }
      effects.waitUntil = until;
    },
    inputData: (index = 0) => input.inputs[index] ?? [],
  };
}

/** n8n's bounds of execution custom data (the Code sandbox applies the same ones). */
const MAX_CUSTOM_KEYS = 10;
const MAX_CUSTOM_KEY_CHARS = 50;
const MAX_CUSTOM_VALUE_CHARS = 512;

/**
 * Adds custom data with n8n's bounds: keys cut to 50 characters, values to 512, at most 10 keys (a new key
 * past that is dropped, as n8n drops it).
 */
function mergeCustomData(
  current: Record<string, string>,
  data: Record<string, string>,
): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(data)) {
    const name = key.slice(0, MAX_CUSTOM_KEY_CHARS);
    if (!Object.hasOwn(merged, name) && Object.keys(merged).length >= MAX_CUSTOM_KEYS) continue;
    merged[name] = String(value).slice(0, MAX_CUSTOM_VALUE_CHARS);
  }
  return merged;
}
