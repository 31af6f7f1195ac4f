import type { BinaryRef, CredentialData, ExecutionMode, Item } from '@klikkflow/types';

/** Bytes in memory, or a stream of chunks (so large payloads need not be held whole). */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

/** Parameters of a node: plain JSON after expressions are resolved. */
export type NodeParameters = Record<string, unknown>;

/** The node instance being run, as a node sees it. */
export interface NodeIdentity {
  id: string;
  name: string;
  type: string;
  version: number;
}

/** A log sink whose lines land in the node's run data. */
export interface NodeLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** An outbound HTTP request through the egress client (the only network door). */
export interface HttpRequestOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** A string or bytes, sent as is. */
  body?: string | Uint8Array;
  timeoutMs?: number;
  /** Send this as `Idempotency-Key`; see {@link NodeExecutionContext.idempotencyKey}. */
  idempotencyKey?: string;
}

/** A response from the egress client. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** How a Code node runs user JavaScript. */
export type CodeMode = 'runOnceForAllItems' | 'runOnceForEachItem';

/** How {@link NodeHelpers.runCode} treats errors the user code throws. */
export interface CodeRunOptions {
  /**
   * n8n's "continue on fail" for code: a throw becomes an item `{ json: { error: '<message> [line N]' } }`
   * instead of failing the run. Per item in `runOnceForEachItem` (paired to that item; the other items
   * still run), one such item in `runOnceForAllItems`. Failures of the run as a whole (syntax, time,
   * memory, an invalid result) still reject. Default false.
   */
  continueOnFail?: boolean;
}

/** The outcome of running user code in the sandbox. */
export interface CodeRunResult {
  items: Item[];
  /** Lines written with `console.log` and friends. */
  logs: string[];
}

/** What to run as a sub-workflow. */
export type SubWorkflowSource = { workflowId: string } | { workflow: unknown };

/** A sub-workflow call. */
export interface SubWorkflowRequest {
  source: SubWorkflowSource;
  items: Item[];
  /** false: start it and go on without waiting (fire-and-forget). */
  wait: boolean;
}

/** Services the engine lends a running node. */
export interface NodeHelpers {
  /** Outbound HTTP through the SSRF-guarded egress client. */
  httpRequest(options: HttpRequestOptions): Promise<HttpResponse>;
  /**
   * Runs user JavaScript in the sandbox with the workflow data proxy (`$input`, `$json`, `$('Node')`...) over
   * the items the node got (with executeOnce, the first one). What the code sets with
   * `$execution.customData.set/setAll` is saved with the execution, also when the code then throws.
   */
  runCode(code: string, mode: CodeMode, options?: CodeRunOptions): Promise<CodeRunResult>;
  /** Runs another workflow with the given items; resolves to its last node's output (null when not waiting). */
  executeWorkflow(request: SubWorkflowRequest): Promise<Item[][] | null>;
  /** Stores bytes (or a stream of them) in the blob store and returns a reference to put on an item. */
  storeBinary(data: ByteSource, meta: { mimeType: string; fileName?: string }): Promise<BinaryRef>;
  /** Reads the bytes behind a binary reference. */
  readBinary(ref: BinaryRef): Promise<Uint8Array>;
  /** Streams the bytes behind a binary reference, chunk by chunk. */
  openBinary(ref: BinaryRef): Promise<AsyncIterable<Uint8Array>>;
  /** Reads a file from the folders the operator allowed (paths relative to them). */
  readFile(path: string): Promise<{ data: Uint8Array; fileName: string }>;
  /** Streams a file from the folders the operator allowed. */
  openFile(path: string): Promise<{ stream: AsyncIterable<Uint8Array>; fileName: string; size: number }>;
  /** Writes or appends bytes (or a stream of them) to a file in the folders the operator allowed. */
  writeFile(
    path: string,
    data: ByteSource,
    options?: { append?: boolean },
  ): Promise<{ path: string; size: number }>;
}

/**
 * What a node sees while it runs. Parameters are resolved per item (expressions see that item as `$json`);
 * credentials are decrypted on demand and never stored in run data.
 */
export interface NodeExecutionContext<P extends NodeParameters = NodeParameters> {
  readonly node: NodeIdentity;
  readonly workflow: { id: string; name: string; timezone: string };
  readonly execution: { id: string; mode: ExecutionMode };
  /** How many times this node ran before in this execution. */
  readonly runIndex: number;
  /** Aborted when the execution is canceled or times out. */
  readonly signal: AbortSignal;
  /**
   * True when the node's `onError` is `continue` or `errorOutput`: the run goes on after a failure, so a
   * node that fails per item may report the failed items as `{ json: { error } }` (paired to their input
   * item) instead of throwing, and keep the others (n8n's `continueOnFail()`).
   */
  readonly continueOnFail: boolean;
  readonly logger: NodeLogger;
  readonly helpers: NodeHelpers;

  /**
   * A parameter's value for one item, by name or dotted path (`options.batchSize`).
   * Throws the expression's error (naming node, parameter and item) if it failed to resolve.
   */
  getParameter<T = unknown>(path: string, itemIndex?: number, fallback?: T): T;
  /** Every parameter resolved for one item. */
  getParameters(itemIndex?: number): P;
  /** Evaluates an expression on demand (e.g. pagination with `$response`), with extra variables. */
  evaluateExpression(
    expression: string,
    itemIndex: number,
    extras?: Record<string, unknown>,
  ): Promise<unknown>;
  /** Decrypted credential data of the given type, bound on the node. */
  getCredentials<T extends CredentialData = CredentialData>(type: string): Promise<T>;
  /**
   * Stable key per (execution, node, run, item): the same across retries and resumes, so a side effect can
   * be deduplicated by its receiver (at-least-once delivery).
   */
  idempotencyKey(itemIndex: number): string;
  /** Per-node JSON state kept across runs of this node in one execution and checkpointed with it. */
  getState<T>(): T | undefined;
  setState(value: unknown): void;
  /**
   * Saves key/value text with the execution (`$execution.customData`, and for finding executions later).
   * n8n's bounds: keys are cut to 50 characters, values to 512; an execution keeps at most 10 keys (a new key
   * past that is dropped).
   */
  setExecutionCustomData(data: Record<string, string>): void;
  /** Epoch milliseconds on the engine's clock (tests inject a fake one). */
  now(): number;
  /** Sleeps on the engine's clock; rejects when the execution is aborted. */
  sleep(ms: number): Promise<void>;
  /** Parks the execution until a time (status `waiting`); the node's input passes through on resume. */
  waitUntil(until: Date): void;
  /** Items of input port `index` as received, for nodes that need another input than the one passed. */
  inputData(index?: number): Item[];
}
