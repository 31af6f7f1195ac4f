import { fileURLToPath } from 'node:url';
import type {
  CodeRunOutcome,
  CodeRunRequest,
  EvaluationOutcome,
  ExpressionBatchRequest,
  ExpressionBatchResult,
  SandboxLimits,
  ScriptSandbox,
} from '@klikkflow/engine';
import { callFailureError, parseIsolateJson } from './outcomes.js';
import type { WorkerMethod } from './process-protocol.js';
import { type ChildCallResult, SandboxChild } from './sandbox-child.js';
import {
  DEFAULT_CODE_TIMEOUT_MS,
  DEFAULT_EXPRESSION_TIMEOUT_MS,
  DEFAULT_MEMORY_MB,
  effectiveLimits,
  positive,
} from './sandbox-limits.js';

/** Options of {@link createProcessSandbox}. */
export interface ProcessSandboxOptions {
  /** Heap limit in MB when a request does not set one (default 128). */
  memoryMb?: number;
  /** Calls a worker serves before it is replaced by a fresh one (default 10,000). */
  maxCallsBeforeRecycle?: number;
}

/** A {@link ScriptSandbox} whose code runs in a worker process. */
export interface ProcessScriptSandbox extends ScriptSandbox {
  /** The current worker's process id, if one is running (for diagnostics and health checks). */
  readonly workerPid: number | undefined;
}

const DEFAULT_MAX_CALLS = 10_000;
/** Extra time the host waits past a call's limit, covering the worker's own watchdog and IPC. */
const DEADLINE_GRACE_MS = 500;
const START_TIMEOUT_MS = 15_000;
/** The worker's own heap holds a request and its result a few times over (text, parsed, re-encoded). */
const MIN_HOST_HEAP_MB = 256;

/**
 * The worker entry, `dist/sandbox-worker.js`, found through the package's `./worker` export so it is found
 * from a bundle of the CLI too. Under Vitest this module runs from `src/*.ts`, and Node cannot run
 * TypeScript, so the built worker is used: build before testing.
 */
function workerPath(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return fileURLToPath(new URL('../dist/sandbox-worker.js', here));
  return fileURLToPath(import.meta.resolve('@klikkflow/sandbox/worker'));
}

class ProcessSandbox implements ProcessScriptSandbox {
  readonly #memoryMb: number;
  readonly #maxCalls: number;
  #child: SandboxChild | undefined;
  #callsOnChild = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  constructor(options: ProcessSandboxOptions) {
    this.#memoryMb = positive(options.memoryMb, DEFAULT_MEMORY_MB);
    this.#maxCalls = Math.floor(positive(options.maxCallsBeforeRecycle, DEFAULT_MAX_CALLS));
  }

  get workerPid(): number | undefined {
    return this.#child?.alive ? this.#child.pid : undefined;
  }

  async evaluateExpressions(request: ExpressionBatchRequest): Promise<ExpressionBatchResult> {
    if (request.jobs.length === 0) return { results: [] };
    const limits = effectiveLimits(request.limits, DEFAULT_EXPRESSION_TIMEOUT_MS, this.#memoryMb);
    const result = await this.#call('evaluateExpressions', request, limits);
    if (result.ok) return parseIsolateJson<ExpressionBatchResult>(result.text);
    const error = callFailureError(result, 'EXPR', limits);
    return { results: request.jobs.map((): EvaluationOutcome => ({ ok: false, error })) };
  }

  async runCode(request: CodeRunRequest): Promise<CodeRunOutcome> {
    const limits = effectiveLimits(request.limits, DEFAULT_CODE_TIMEOUT_MS, this.#memoryMb);
    const result = await this.#call('runCode', request, limits);
    if (result.ok) return parseIsolateJson<CodeRunOutcome>(result.text);
    return { ok: false, error: callFailureError(result, 'CODE', limits), logs: [] };
  }

  /** Kills the worker once the queued calls are done; the host keeps no handle afterwards. */
  async dispose(): Promise<void> {
    await this.#queue;
    const child = this.#child;
    this.#child = undefined;
    await child?.kill();
  }

  /** Queues a call: one at a time, so a call's deadline never counts time spent behind another. */
  #call(method: WorkerMethod, request: unknown, limits: SandboxLimits): Promise<ChildCallResult> {
    let text: string;
    try {
      text = JSON.stringify(request);
    } catch (cause) {
      const message = `The data could not be passed to the sandbox: ${cause instanceof Error ? cause.message : String(cause)}`;
      return Promise.resolve({ ok: false, reason: 'failure', message });
    }
    this.#waiting++;
    this.#child?.setActive(true);
    const result = this.#queue
      .then(() => this.#send(method, text, limits.timeoutMs + DEADLINE_GRACE_MS))
      .catch((error: unknown): ChildCallResult => {
        // Only a host-side failure lands here (e.g. fork() throwing); the queue must keep going.
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, reason: 'failure', message: `The sandbox process failed: ${message}` };
      });
    this.#queue = result.finally(() => {
      this.#waiting--;
      if (this.#waiting === 0) this.#child?.setActive(false);
    });
    return result;
  }

  async #send(method: WorkerMethod, text: string, deadlineMs: number): Promise<ChildCallResult> {
    const child = this.#ensureChild();
    try {
      await child.ready;
    } catch (error) {
      this.#retire(child);
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: 'failure', message: `The sandbox process could not start: ${reason}` };
    }
    const result = await child.call(method, text, deadlineMs);
    if (!child.alive || ++this.#callsOnChild >= this.#maxCalls) this.#retire(child);
    return result;
  }

  #ensureChild(): SandboxChild {
    if (this.#child === undefined) {
      this.#child = new SandboxChild({
        workerPath: workerPath(),
        memoryMb: this.#memoryMb,
        hostHeapMb: Math.max(MIN_HOST_HEAP_MB, Math.round(this.#memoryMb * 4)),
        startTimeoutMs: START_TIMEOUT_MS,
      });
      this.#callsOnChild = 0;
    }
    return this.#child;
  }

  #retire(child: SandboxChild): void {
    if (this.#child === child) this.#child = undefined;
    void child.kill();
  }
}

/**
 * Creates the {@link ScriptSandbox} that runs the isolated-vm sandbox in a worker process: user code
 * never runs in the process that holds keys and connections, and a catastrophic allocation, a crash or
 * a wedged worker costs one call (reported as `*_MEMORY`, `*_ERROR` or `*_TIMEOUT`), not the host.
 * The worker is started on the first call, restarted after a death, and recycled every
 * `maxCallsBeforeRecycle` calls. Calls are queued, one at a time.
 */
export function createProcessSandbox(options: ProcessSandboxOptions = {}): ProcessScriptSandbox {
  return new ProcessSandbox(options);
}
