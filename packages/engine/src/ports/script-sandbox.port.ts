import type { Item, SerializedError } from '@klikkflow/types';

/** Time and memory bounds of one sandbox call. */
export interface SandboxLimits {
  /** Wall-clock limit of the call in ms (default 1,000 for expressions, 10,000 for code). */
  timeoutMs: number;
  /** Heap limit in MB (default 128). */
  memoryMb: number;
}

/**
 * A compiled `{{ }}` template: text parts and code parts in order.
 * A template of exactly one code part and no text returns the raw value; any other template returns a string.
 */
export interface TemplateProgram {
  parts: TemplatePart[];
}

/** A piece of a template: literal text, or a JavaScript expression from inside `{{ }}`. */
export type TemplatePart = { text: string } | { code: string };

/** Where an item of the current node came from in another node, resolved by paired-item lineage. */
export interface PairedPointer {
  runIndex: number;
  output: number;
  item: number;
}

/** Another node's data, as expressions see it through `$('Name')`, `$node["Name"]` and `$items("Name")`. */
export interface NodeDataView {
  /** Run → output → items. Only `json` and `binary` of each item are sent. */
  runs: Item[][][];
  /** The node's raw parameters (`$('Name').params`, `$node["Name"].parameter`). */
  parameters: Record<string, unknown>;
}

/**
 * Everything an expression or Code node can read: the workflow data proxy, as JSON-serialisable data.
 * The engine fills only what the code may reference (nodes named in the source, or all when it cannot tell).
 */
export interface WorkflowDataSnapshot {
  /** IANA time zone for `$now`/`$today`. */
  timezone: string;
  /** Epoch ms of "now" for this evaluation (from the engine's clock). */
  now: number;
  execution: { id: string; mode: string; resumeUrl?: string; customData?: Record<string, string> };
  workflow: { id: string; name: string; active: boolean };
  vars: Record<string, string>;
  /** The node being evaluated: `$parameter`, `$node` defaults. */
  node: { name: string; type: string; parameters: Record<string, unknown> };
  runIndex: number;
  /** `$prevNode`: the parent that fed the current input, or null for a start node. */
  prevNode: { name: string; outputIndex: number; runIndex: number } | null;
  /** Items of the current node's input (`$input`, `$json`, `$binary`). */
  input: Item[];
  /** Other nodes by name. */
  nodes: Record<string, NodeDataView>;
  /** `paired[nodeName][itemIndex]`: the item of that node the current item descends from (null if none). */
  paired: Record<string, (PairedPointer | null)[]>;
  /** Extra variables for this call (`$response`, `$pageCount` during pagination). */
  extras?: Record<string, unknown>;
}

/** One batched expression call: every program evaluated for the listed items. */
export interface ExpressionBatchRequest {
  programs: TemplateProgram[];
  /** `[programIndex, itemIndex]` pairs to evaluate; results come back in the same order. */
  jobs: [number, number][];
  data: WorkflowDataSnapshot;
  limits: SandboxLimits;
}

/** The outcome of one job. `undefined` results are flagged since JSON cannot carry them. */
export type EvaluationOutcome =
  | { ok: true; value: unknown; undefined?: false }
  | { ok: true; value?: undefined; undefined: true }
  | { ok: false; error: SerializedError };

/** The outcomes of a batch, one per job, in order. */
export interface ExpressionBatchResult {
  results: EvaluationOutcome[];
}

/** A Code node run. */
export interface CodeRunRequest {
  /** Body of an async function: it may `await` and must `return` items (or, per item, one object). */
  code: string;
  mode: 'runOnceForAllItems' | 'runOnceForEachItem';
  data: WorkflowDataSnapshot;
  limits: SandboxLimits;
  /**
   * The node continues on failure (n8n's `continueOnFail`): a throw of the user code becomes an item
   * `{ json: { error: '<message> [line N]' } }` instead of a `CODE_ERROR` outcome. In `runOnceForEachItem`
   * it takes the failed item's place, paired to it, and the other items still run; in `runOnceForAllItems`
   * it is the only item. Syntax errors, limits and invalid results still fail the run. Default false.
   */
  continueOnFail?: boolean;
}

/**
 * What a Code node run produced: items (wrapped as `{json}` when plain objects) and captured console lines.
 * `customData` holds the keys the code set with `$execution.customData.set/setAll` (n8n's rules applied: text
 * keys of `A-Za-z0-9_` cut to 50 characters, values as text cut to 512, at most 10 keys in the execution), with
 * their final values; it is absent when the code set none. A failure of the user code carries it too, so a
 * retry sees what the failed try set; a run stopped by its time or memory limit loses it.
 */
export type CodeRunOutcome =
  | { ok: true; items: Item[]; logs: string[]; customData?: Record<string, string> }
  | { ok: false; error: SerializedError; logs: string[]; customData?: Record<string, string> };

/**
 * Runs untrusted JavaScript outside the host realm, bounded in time and memory. Implementations must not
 * use `node:vm`, `eval` or `new Function` in the host, and must keep the host event loop responsive.
 * Error codes: `EXPR_TIMEOUT`, `EXPR_MEMORY`, `EXPR_ERROR` (a throw in user code), `EXPR_SYNTAX`,
 * `CODE_TIMEOUT`, `CODE_MEMORY`, `CODE_ERROR`, `CODE_SYNTAX`, `CODE_INVALID_RESULT`.
 */
export interface ScriptSandbox {
  evaluateExpressions(request: ExpressionBatchRequest): Promise<ExpressionBatchResult>;
  runCode(request: CodeRunRequest): Promise<CodeRunOutcome>;
  /** Frees isolates and threads. */
  dispose(): Promise<void>;
}
