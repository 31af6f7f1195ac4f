import {
  type CodeMode,
  type CodeRunOptions,
  type CodeRunResult,
  createLineLogger,
  type NodeExecutionContext,
  type NodeHelpers,
  type NodeLogger,
  type NodeParameters,
  type SubWorkflowRequest,
} from '@klikkflow/plugin-sdk';
import { deserializeError, type Item, UnexpectedError, UserError, type WorkflowNode } from '@klikkflow/types';
import type { Cancellation } from './cancellation.js';
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
  /** The try's cancellation; nodes see it as a standard AbortSignal, built only if they ask. */
  cancellation: Cancellation;
  effects: NodeRunSideEffects;
}

function missingPort(port: string): never {
  throw new UnexpectedError('ENGINE_PORT_MISSING', `this engine was built without a ${port} port`);
}

/** Builds the context a node sees while it runs: parameters, credentials, helpers, state, waits. */
export function createNodeContext(input: NodeContextInput): NodeExecutionContext {
  return new NodeRunContext(input);
}

/**
 * A class, not an object literal, so that `signal`, `logger` and `helpers` are prototype getters built on
 * first read: most node runs read none of them, and an object literal with a getter is slow to create in
 * V8 (it cost more than the rest of a simple execution). The methods are instance arrow functions so a
 * node may pass them around unbound.
 */
class NodeRunContext implements NodeExecutionContext {
  readonly node: NodeExecutionContext['node'];
  readonly workflow: NodeExecutionContext['workflow'];
  readonly execution: NodeExecutionContext['execution'];
  readonly runIndex: number;
  readonly continueOnFail: boolean;
  readonly #input: NodeContextInput;
  #logger: NodeLogger | undefined;
  #helpers: NodeHelpers | undefined;

  constructor(input: NodeContextInput) {
    const { run, node } = input;
    this.#input = input;
    this.node = { id: node.id, name: node.name, type: node.type, version: node.version };
    this.workflow = {
      id: run.workflow.id,
      name: run.workflow.name,
      timezone: run.workflow.settings.timezone,
    };
    this.execution = { id: run.state.executionId, mode: run.state.mode };
    this.runIndex = input.runIndex;
    this.continueOnFail = node.onError === 'continue' || node.onError === 'errorOutput';
  }

  get signal(): AbortSignal {
    return this.#input.cancellation.signal;
  }

  get logger(): NodeLogger {
    this.#logger ??= createLineLogger(this.#input.effects.logs);
    return this.#logger;
  }

  get helpers(): NodeHelpers {
    this.#helpers ??= createHelpers(this.#input);
    return this.#helpers;
  }

  getParameter = <T>(path: string, itemIndex = 0, fallback?: T): T => {
    const value = this.#input.parameters.get(path, itemIndex);
    return (value === undefined ? fallback : value) as T;
  };

  getParameters = (itemIndex = 0): NodeParameters => this.#input.parameters.all(itemIndex);

  evaluateExpression = (
    expression: string,
    itemIndex: number,
    extras?: Record<string, unknown>,
  ): Promise<unknown> =>
    evaluateExpression(this.#input.run.setup.ports.sandbox, this.#input.scope, expression, itemIndex, extras);

  getCredentials = async <T>(type: string): Promise<T> => {
    const { node, run } = this.#input;
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
    return (await (run.setup.ports.credentials ?? missingPort('credentials')).resolve(type, ref)) as T;
  };

  idempotencyKey = (itemIndex: number): string =>
    `${this.#input.run.state.executionId}:${this.#input.node.id}:${this.runIndex}:${itemIndex}`;

  getState = <T>(): T | undefined => this.#input.run.state.nodeState[this.#input.node.id] as T | undefined;

  setState = (value: unknown): void => {
    const { run, node } = this.#input;
    if (value === undefined) delete run.state.nodeState[node.id];
    else run.state.nodeState[node.id] = value;
  };

  now = (): number => this.#input.run.setup.clock.now();

  setExecutionCustomData = (data: Record<string, string>): void => setCustomData(this.#input.run, data);

  sleep = (ms: number): Promise<void> => this.#input.run.setup.clock.sleep(ms, this.signal);

  waitUntil = (until: Date): void => {
    if (Number.isNaN(until.getTime())) {
      throw new UserError(
        'NODE_WAIT_INVALID',
        `node "${this.#input.node.name}" asked to wait until an invalid date`,
      );
    }
    this.#input.effects.waitUntil = until;
  };

  inputData = (index = 0): Item[] => this.#input.inputs[index] ?? [];
}

/** The services a node run may use; built on the first `ctx.helpers` read. */
function createHelpers(input: NodeContextInput): NodeHelpers {
  const { run, node, scope, cancellation, effects } = input;
  const { ports, limits } = run.setup;
  return {
    httpRequest: (options) =>
      (ports.egress ?? missingPort('egress')).request({ ...options, signal: cancellation.signal }),
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
      if (outcome.customData !== undefined) setCustomData(run, outcome.customData);
      if (!outcome.ok) throw deserializeError(outcome.error);
      return { items: outcome.items, logs: outcome.logs };
    },
    executeWorkflow: (request: SubWorkflowRequest) => runSubWorkflow(run, node, request, cancellation),
    storeBinary: (data, meta) =>
      (ports.blobs ?? missingPort('blob store')).put(data, { ...meta, executionId: run.state.executionId }),
    readBinary: (ref) => (ports.blobs ?? missingPort('blob store')).get(ref),
    openBinary: (ref) => (ports.blobs ?? missingPort('blob store')).open(ref),
    readFile: (path) => (ports.files ?? missingPort('file access')).read(path),
    openFile: (path) => (ports.files ?? missingPort('file access')).open(path),
    writeFile: (path, data, options) =>
      (ports.files ?? missingPort('file access')).write(path, data, options),
  };
}

function setCustomData(run: RunContext, data: Record<string, string>): void {
  run.state.customData = mergeCustomData(run.state.customData ?? {}, data);
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
