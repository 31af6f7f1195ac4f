import { type Item, type SerializedError, serializeError, UserError } from '@klikkflow/types';
import { toItems } from './items.js';
import { createLineLogger } from './line-logger.js';
import type { NodeExecutionContext, NodeHelpers, NodeParameters } from './node-context.js';
import type { AnyNodeDefinition } from './node-definition.js';
import { readPath, withDefaults } from './parameters.js';

/** How to run one node in isolation. */
export interface RunNodeOptions {
  /** Parameters, the same for every item, or computed per item (to mimic expressions). */
  parameters?: NodeParameters | ((itemIndex: number) => NodeParameters);
  /** Items of input 0 (plain objects are wrapped as `{ json }`). Ignored when `inputs` is given. */
  items?: unknown[];
  /** Items per input port. */
  inputs?: Item[][];
  /** Decrypted credential data by credential type. */
  credentials?: Record<string, Record<string, unknown>>;
  /** Node state from an earlier run (Loop Over Items). */
  state?: unknown;
  runIndex?: number;
  /** Helpers the node needs (HTTP, code, sub-workflows); a missing one throws when used. */
  helpers?: Partial<NodeHelpers>;
  /** Clock for `sleep`: defaults to resolving at once and recording the time slept. */
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** The node continues on failure (`onError` continue or errorOutput): `ctx.continueOnFail`. Default false. */
  continueOnFail?: boolean;
  nodeName?: string;
  /** Epoch ms the node sees as now (default: wall time), advanced by its sleeps. */
  now?: number;
}

/** What a node produced in the harness. */
export interface RunNodeResult {
  outputs: Item[][];
  logs: string[];
  state: unknown;
  /** Set when the node asked to park the execution. */
  waitUntil?: Date;
  /** Total milliseconds the node slept. */
  slept: number;
  /** What the node saved with `setExecutionCustomData`. */
  customData: Record<string, string>;
}

/** Makes a value deeply read-only, so a node that mutates its input fails its tests. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function missingHelper(name: string): never {
  throw new UserError(
    'HARNESS_HELPER_MISSING',
    `the node used helpers.${name}, which this test did not provide`,
  );
}

/**
 * Runs one node on given items and parameters, without an engine: the test harness built-in nodes use.
 * Inputs are deep-frozen, so a node that mutates its input items fails.
 */
export async function runNode(
  definition: AnyNodeDefinition,
  options: RunNodeOptions = {},
): Promise<RunNodeResult> {
  const inputs = deepFreeze(options.inputs ?? [toItems(options.items ?? [{}])]);
  const logs: string[] = [];
  let state = options.state === undefined ? undefined : structuredClone(options.state);
  let waitUntil: Date | undefined;
  let slept = 0;
  const customData: Record<string, string> = {};
  const startedAt = options.now ?? Date.now();
  const paramsFor = (itemIndex: number): NodeParameters => {
    const raw =
      typeof options.parameters === 'function' ? options.parameters(itemIndex) : (options.parameters ?? {});
    return withDefaults(definition.properties, raw);
  };
  const logger = createLineLogger(logs);
  const helpers: NodeHelpers = {
    httpRequest: options.helpers?.httpRequest ?? (() => missingHelper('httpRequest')),
    runCode: options.helpers?.runCode ?? (() => missingHelper('runCode')),
    executeWorkflow: options.helpers?.executeWorkflow ?? (() => missingHelper('executeWorkflow')),
    storeBinary: options.helpers?.storeBinary ?? (() => missingHelper('storeBinary')),
    readBinary: options.helpers?.readBinary ?? (() => missingHelper('readBinary')),
    openBinary: options.helpers?.openBinary ?? (() => missingHelper('openBinary')),
    readFile: options.helpers?.readFile ?? (() => missingHelper('readFile')),
    openFile: options.helpers?.openFile ?? (() => missingHelper('openFile')),
    writeFile: options.helpers?.writeFile ?? (() => missingHelper('writeFile')),
  };
  const ctx: NodeExecutionContext = {
    node: {
      id: 'node-under-test',
      name: options.nodeName ?? definition.displayName,
      type: definition.type,
      version: definition.version,
    },
    workflow: { id: 'test-workflow', name: 'Test workflow', timezone: 'UTC' },
    execution: { id: 'test-execution', mode: 'manual' },
    runIndex: options.runIndex ?? 0,
    signal: options.signal ?? new AbortController().signal,
    continueOnFail: options.continueOnFail ?? false,
    logger,
    helpers,
    getParameter<T>(path: string, itemIndex = 0, fallback?: T): T {
      const value = readPath(paramsFor(itemIndex), path);
      return (value === undefined ? fallback : value) as T;
    },
    getParameters: (itemIndex = 0) => paramsFor(itemIndex),
    evaluateExpression: () => missingHelper('evaluateExpression'),
    async getCredentials<T>(type: string): Promise<T> {
      const data = options.credentials?.[type];
      if (!data)
        throw new UserError('CREDENTIAL_MISSING', `no credential of type "${type}" given to the test`);
      return data as T;
    },
    idempotencyKey: (itemIndex) => `test-execution:node-under-test:${options.runIndex ?? 0}:${itemIndex}`,
    getState: <T>() => state as T | undefined,
    setState: (value) => {
      state = structuredClone(value);
    },
    now: () => startedAt + slept,
    setExecutionCustomData: (data) => {
      Object.assign(customData, data);
    },
    sleep: async (ms) => {
      slept += ms;
      if (options.sleep) await options.sleep(ms);
    },
    waitUntil: (until) => {
      waitUntil = until;
    },
    inputData: (index = 0) => inputs[index] ?? [],
  };
  if (!definition.execute) {
    throw new UserError('NODE_NOT_EXECUTABLE', `node "${definition.type}" has no execute function`);
  }
  const outputs = await definition.execute(ctx, inputs);
  const result: RunNodeResult = { outputs, logs, state, slept, customData };
  if (waitUntil) result.waitUntil = waitUntil;
  return result;
}

/** Runs a node expecting it to fail; resolves to the serialized error (fails if the node succeeds). */
export async function runNodeExpectingError(
  definition: AnyNodeDefinition,
  options: RunNodeOptions = {},
): Promise<SerializedError> {
  try {
    await runNode(definition, options);
  } catch (error) {
    return serializeError(error);
  }
  throw new Error(`expected node "${definition.type}" to fail, but it succeeded`);
}

/** The json of each item of one output: the usual assertion target. */
export function jsonOf(items: readonly Item[] | undefined): Record<string, unknown>[] {
  return (items ?? []).map((item) => item.json);
}
