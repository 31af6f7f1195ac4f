import type {
  CodeRunOutcome,
  CodeRunRequest,
  EvaluationOutcome,
  ExpressionBatchRequest,
  ExpressionBatchResult,
  SandboxLimits,
  ScriptSandbox,
} from '@klikkflow/engine';
import type { Item } from '@klikkflow/types';
import { decodeBatch, type EncodedBatch, jobRuns } from './batch-encoding.js';
import { IsolateSlot } from './isolate-slot.js';
import {
  callFailureError,
  parseIsolateJson,
  type RuntimeFailure,
  runtimeFailureError,
  sandboxError,
} from './outcomes.js';
import {
  DEFAULT_CODE_TIMEOUT_MS,
  DEFAULT_EXPRESSION_TIMEOUT_MS,
  DEFAULT_MEMORY_MB,
  effectiveLimits,
  positive,
} from './sandbox-limits.js';

/** Options of {@link createIsolatedVmSandbox}. */
export interface IsolatedVmSandboxOptions {
  /** Heap limit in MB when a request does not set one (default 128). */
  memoryMb?: number;
  /**
   * Called when V8 loses control of an isolate (a single allocation far beyond the heap limit). The call
   * reports a MEMORY error and a fresh isolate serves the next one, but the broken isolate's thread and
   * memory stay leaked: isolated-vm advises draining and restarting the process. Default: a process warning.
   */
  onCatastrophicError?: (message: string) => void;
}

/** Isolates kept for distinct memory limits; the least recently created is freed past this. */
const MAX_SLOTS = 4;

type CodeResult =
  | { ok: true; items: Item[]; logs: string[]; customData?: Record<string, string> }
  | RuntimeFailure;

function warnCatastrophic(message: string): void {
  process.emitWarning(`isolated-vm lost control of a sandbox isolate: ${message}`, {
    code: 'KLIKKFLOW_SANDBOX_CATASTROPHIC',
  });
}

class IsolatedVmSandbox implements ScriptSandbox {
  readonly #defaultMemoryMb: number;
  readonly #onCatastrophicError: (message: string) => void;
  readonly #slots = new Map<number, IsolateSlot>();

  constructor(options: IsolatedVmSandboxOptions) {
    this.#defaultMemoryMb = positive(options.memoryMb, DEFAULT_MEMORY_MB);
    this.#onCatastrophicError = options.onCatastrophicError ?? warnCatastrophic;
  }

  async evaluateExpressions(request: ExpressionBatchRequest): Promise<ExpressionBatchResult> {
    if (request.jobs.length === 0) return { results: [] };
    const limits = this.#limits(request.limits, DEFAULT_EXPRESSION_TIMEOUT_MS);
    const payload = serialise({
      programs: request.programs,
      runs: jobRuns(request.jobs),
      data: request.data,
    });
    if (!payload.ok)
      return { results: request.jobs.map(() => ({ ok: false, error: payload.error('EXPR') })) };
    const result = await this.#slot(limits.memoryMb).call('expr', payload.text, limits.timeoutMs);
    if (!result.ok) {
      const error = callFailureError(result, 'EXPR', limits);
      return { results: request.jobs.map((): EvaluationOutcome => ({ ok: false, error })) };
    }
    return { results: decodeBatch(parseIsolateJson<EncodedBatch>(result.text), request.jobs.length) };
  }

  async runCode(request: CodeRunRequest): Promise<CodeRunOutcome> {
    const limits = this.#limits(request.limits, DEFAULT_CODE_TIMEOUT_MS);
    const payload = serialise({
      code: request.code,
      mode: request.mode,
      data: request.data,
      continueOnFail: request.continueOnFail === true,
    });
    if (!payload.ok) return { ok: false, error: payload.error('CODE'), logs: [] };
    const slot = this.#slot(limits.memoryMb);
    const result = await slot.call('code', payload.text, limits.timeoutMs);
    if (!result.ok) {
      const logs = result.reason === 'timeout' ? await slot.lastLogs() : [];
      return { ok: false, error: callFailureError(result, 'CODE', limits), logs };
    }
    const outcome = parseIsolateJson<CodeResult>(result.text);
    const withCustomData = outcome.customData === undefined ? {} : { customData: outcome.customData };
    if (outcome.ok) return { ok: true, items: outcome.items, logs: outcome.logs, ...withCustomData };
    if (outcome.code === 'CODE_SYNTAX') {
      const line = await slot.syntaxErrorLine(request.code);
      if (line !== undefined) Object.assign(outcome, { line, message: `${outcome.message} [line ${line}]` });
    }
    return { ok: false, error: runtimeFailureError(outcome), logs: outcome.logs ?? [], ...withCustomData };
  }

  async dispose(): Promise<void> {
    const slots = [...this.#slots.values()];
    this.#slots.clear();
    await Promise.all(slots.map((slot) => slot.dispose()));
  }

  #limits(limits: Partial<SandboxLimits> | undefined, defaultTimeoutMs: number): SandboxLimits {
    return effectiveLimits(limits, defaultTimeoutMs, this.#defaultMemoryMb);
  }

  #slot(memoryMb: number): IsolateSlot {
    let slot = this.#slots.get(memoryMb);
    if (slot === undefined) {
      slot = new IsolateSlot(memoryMb, this.#onCatastrophicError);
      this.#slots.set(memoryMb, slot);
      if (this.#slots.size > MAX_SLOTS) {
        const [oldest, oldSlot] = this.#slots.entries().next().value as [number, IsolateSlot];
        this.#slots.delete(oldest);
        void oldSlot.dispose();
      }
    }
    return slot;
  }
}

type Serialised =
  | { ok: true; text: string }
  | { ok: false; error: (prefix: 'EXPR' | 'CODE') => ReturnType<typeof sandboxError> };

/** The request as JSON text: the only form in which data enters the isolate. */
function serialise(value: unknown): Serialised {
  try {
    return { ok: true, text: JSON.stringify(value) };
  } catch (cause) {
    const message = `The data could not be passed to the sandbox: ${cause instanceof Error ? cause.message : String(cause)}`;
    return { ok: false, error: (prefix) => sandboxError(`${prefix}_ERROR`, message) };
  }
}

/**
 * Creates the {@link ScriptSandbox} that runs expressions and Code nodes in V8 isolates (isolated-vm):
 * a separate heap with its own limit, no host object reachable, time-limited on the isolate's thread.
 */
export function createIsolatedVmSandbox(options: IsolatedVmSandboxOptions = {}): ScriptSandbox {
  return new IsolatedVmSandbox(options);
}
