import { isExpression } from '@klikkflow/plugin-sdk';
import { errorCode, type SerializedError, serializeError, UnexpectedError } from '@klikkflow/types';
import type { EvaluationOutcome, ScriptSandbox, TemplateProgram } from '../ports/script-sandbox.port.js';
import { expressionError } from './expression-error.js';
import type { ExpressionScope } from './expression-scope.js';
import { compileFastPath, FAST_PATH_MISS } from './fast-path.js';
import {
  analyseParameters,
  isStaticPath,
  type ParameterSite,
  resolvedTree,
  valueAt,
} from './parameter-tree.js';
import { buildSnapshot, connectionInput } from './snapshot-builder.js';
import { codeParts, parseTemplate } from './template-parser.js';

/**
 * A node's parameters with every expression resolved for every item. Values are shared with the workflow
 * and with other items where nothing was resolved: treat them as read-only.
 */
export interface ResolvedParameters {
  /**
   * The value at a dotted path (`url`, `options.timeout`, `headers[0].value`) for one item. Throws the
   * expression's `EXPR_…` {@link UserError} if that value, or any expression under it, failed for the item.
   */
  get(path: string, itemIndex: number): unknown;
  /** Every parameter resolved for one item; throws the first failure of that item. */
  all(itemIndex: number): Record<string, unknown>;
}

/** The results of one distinct expression, per item. */
interface Slot {
  program: TemplateProgram;
  values: unknown[];
  failures: Map<number, SerializedError> | null;
}

/**
 * Resolves every expression in `parameters` for items `0 … itemCount - 1`. Plain paths (`$json.a.b`) are read
 * in the host; everything else goes to the sandbox in a single batch (no call when nothing needs it).
 * Failures are kept per item and parameter and thrown when that value is read, so one bad item does not
 * hide the others. Expressions under `rawPaths` stay templates (the node evaluates them when it can).
 */
export async function resolveParameters(
  sandbox: ScriptSandbox,
  scope: ExpressionScope,
  parameters: Record<string, unknown>,
  itemCount: number,
  rawPaths: readonly string[] = [],
): Promise<ResolvedParameters> {
  const tree = analyseParameters(parameters, rawPaths);
  const input = connectionInput(scope);
  const slots: Slot[] = [];
  const programs: TemplateProgram[] = [];
  const programSlots: number[] = [];
  const jobs: [number, number][] = [];
  for (const expression of tree.expressions) {
    const program = parseTemplate(expression);
    const slot: Slot = { program, values: new Array(itemCount), failures: null };
    const fast = compileFastPath(program);
    let programIndex = -1;
    for (let item = 0; item < itemCount; item++) {
      const value = fast ? fast(input[item]) : FAST_PATH_MISS;
      if (value !== FAST_PATH_MISS) {
        slot.values[item] = value;
        continue;
      }
      if (programIndex === -1) {
        programIndex = programs.push(program) - 1;
        programSlots.push(slots.length);
      }
      jobs.push([programIndex, item]);
    }
    slots.push(slot);
  }
  if (jobs.length > 0) {
    const outcomes = await runBatch(sandbox, scope, programs, jobs);
    for (let index = 0; index < jobs.length; index++) {
      const [programIndex, item] = jobs[index] as [number, number];
      const slot = slots[programSlots[programIndex] as number] as Slot;
      const outcome = outcomes[index] as EvaluationOutcome;
      if (outcome.ok) {
        slot.values[item] = outcome.value;
      } else {
        slot.failures ??= new Map();
        slot.failures.set(item, outcome.error);
      }
    }
  }

  const siteValue = (site: ParameterSite, itemIndex: number): unknown => {
    if (!Number.isInteger(itemIndex) || itemIndex < 0 || itemIndex >= itemCount) {
      throw new UnexpectedError(
        'EXPR_ITEM_OUT_OF_RANGE',
        `parameter "${site.path}" of node "${scope.node.name}" was read for item ${itemIndex}, but only ${itemCount} item(s) were resolved`,
        { details: { node: scope.node.name, parameter: site.path, itemIndex, itemCount } },
      );
    }
    const slot = slots[site.slot] as Slot;
    const failure = slot.failures?.get(itemIndex);
    if (failure) {
      throw expressionError(failure, {
        node: scope.node.name,
        parameter: site.path,
        itemIndex,
        expression: site.expression,
      });
    }
    return slot.values[itemIndex];
  };
  // Nodes read the same parameters for every item; a path without expressions is looked up once.
  const staticValues = new Map<string, unknown>();
  return {
    get: (path, itemIndex) => {
      if (staticValues.has(path)) return staticValues.get(path);
      const value = valueAt(tree, path, itemIndex, siteValue);
      if (isStaticPath(tree, path)) staticValues.set(path, value);
      return value;
    },
    all: (itemIndex) => resolvedTree(tree, itemIndex, siteValue),
  };
}

/**
 * Evaluates one template on demand for one item (e.g. pagination, with `extras` such as `{ response,
 * pageCount }` visible as `$response`, `$pageCount`). A string not starting with `=` is returned as is.
 * Throws the `EXPR_…` {@link UserError} naming node, item and expression when it fails.
 */
export async function evaluateExpression(
  sandbox: ScriptSandbox,
  scope: ExpressionScope,
  expression: string,
  itemIndex: number,
  extras?: Record<string, unknown>,
): Promise<unknown> {
  if (!isExpression(expression)) return expression;
  const program = parseTemplate(expression);
  const fast = compileFastPath(program);
  if (fast) {
    const value = fast(connectionInput(scope)[itemIndex]);
    if (value !== FAST_PATH_MISS) return value;
  }
  const outcomes = await runBatch(sandbox, scope, [program], [[0, itemIndex]], extras);
  const outcome = outcomes[0] as EvaluationOutcome;
  if (outcome.ok) return outcome.value;
  throw expressionError(outcome.error, { node: scope.node.name, itemIndex, expression });
}

/**
 * One sandbox call. A batch-wide `EXPR_…` rejection (timeout, memory) becomes the outcome of every job, so
 * it is still reported per item and parameter; any other rejection is a fault and propagates.
 */
async function runBatch(
  sandbox: ScriptSandbox,
  scope: ExpressionScope,
  programs: TemplateProgram[],
  jobs: [number, number][],
  extras?: Record<string, unknown>,
): Promise<EvaluationOutcome[]> {
  const data = buildSnapshot(scope, programs.flatMap(codeParts), extras, { projectInput: true });
  let results: EvaluationOutcome[];
  try {
    ({ results } = await sandbox.evaluateExpressions({ programs, jobs, data, limits: scope.limits }));
  } catch (error) {
    const code = errorCode(error);
    if (!code.startsWith('EXPR_')) throw error;
    const failure: EvaluationOutcome = { ok: false, error: { ...serializeError(error), code } };
    return jobs.map(() => failure);
  }
  if (results.length !== jobs.length) {
    throw new UnexpectedError(
      'EXPR_BATCH_MISMATCH',
      `the sandbox returned ${results.length} expression results for ${jobs.length} jobs`,
    );
  }
  return results;
}
