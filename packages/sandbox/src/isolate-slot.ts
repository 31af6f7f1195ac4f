import ivm from 'isolated-vm';
import { preludeSource } from './runtime/prelude.js';

/** Which in-isolate entry point a call runs. */
export type RuntimeEntry = 'expr' | 'code';

/** What one call into the isolate produced: the runtime's JSON text, or why the isolate stopped it. */
export type SlotCallResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'timeout' | 'memory' | 'failure'; message: string };

interface Runtime {
  isolate: ivm.Isolate;
  /** Set when V8 lost control of the isolate (a single allocation beyond the heap limit). */
  catastrophic: boolean;
  context: ivm.Context;
  entries: Record<RuntimeEntry, ivm.Reference<(payload: string) => string>> & {
    logs: ivm.Reference<() => string>;
  };
}

/** Extra time the host waits past the isolate's own timeout before it disposes a stuck isolate. */
const WATCHDOG_GRACE_MS = 50;
const PRELUDE_TIMEOUT_MS = 10_000;
const DISPOSE_SETTLE_MS = 100;
const SCRIPT_TIMED_OUT = /timed out/i;

/**
 * One isolate with one hardened context, reused across calls. Calls are serialised (an isolate runs
 * one thing at a time, and a queued call must not spend its time budget waiting). Every call runs
 * asynchronously on the isolate's thread, so the host event loop keeps turning. A call that overruns
 * its time is terminated by isolated-vm; one that still does not return (a promise that never settles)
 * is cut off by a host watchdog that disposes the isolate. A disposed isolate (watchdog or memory
 * limit) is replaced transparently on the next call.
 */
export class IsolateSlot {
  readonly #memoryMb: number;
  readonly #onCatastrophicError: (message: string) => void;
  #runtime: Promise<Runtime> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Ends the running call at once (used when V8 reports a catastrophic error). */
  #abortCurrent: (() => void) | undefined;

  constructor(memoryMb: number, onCatastrophicError: (message: string) => void) {
    this.#memoryMb = memoryMb;
    this.#onCatastrophicError = onCatastrophicError;
  }

  /** Runs an entry with a JSON payload, after the calls queued before it. */
  call(entry: RuntimeEntry, payload: string, timeoutMs: number): Promise<SlotCallResult> {
    const result = this.#queue.then(() => this.#run(entry, payload, timeoutMs));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Console lines captured by the last Code run (still readable after a timeout, which spares the isolate). */
  async lastLogs(): Promise<string[]> {
    const runtime = await this.#current();
    if (runtime === undefined) return [];
    try {
      const text = await runtime.entries.logs.apply(undefined, [], { timeout: 1000, result: { copy: true } });
      return JSON.parse(String(text)) as string[];
    } catch {
      return [];
    }
  }

  /**
   * Where a syntax error is in a Code node body: compiled (never run) by V8 in the isolate, since errors
   * from `Function` carry no position. Returns the 1-based user line, if V8 reports one.
   */
  async syntaxErrorLine(code: string): Promise<number | undefined> {
    const runtime = await this.#ensure();
    try {
      const script = await runtime.isolate.compileScript(`(async function () {\n${code}\n})`, {
        filename: 'user-code.js',
        lineOffset: -1,
      });
      script.release();
      return undefined;
    } catch (error) {
      const match = /\[user-code\.js:(\d+):\d+\]/.exec(error instanceof Error ? error.message : '');
      return match ? Number(match[1]) : undefined;
    }
  }

  /** Frees the isolate (after the queued calls). */
  async dispose(): Promise<void> {
    await this.#queue;
    const runtime = await this.#current();
    if (runtime === undefined) return;
    this.#kill(runtime);
    // isolated-vm finishes tearing the isolate down on its own thread; a process that exits inside that
    // window can crash (observed as an occasional SIGSEGV), so give it a moment before resolving.
    await new Promise((resolve) => setTimeout(resolve, DISPOSE_SETTLE_MS));
  }

  async #run(entry: RuntimeEntry, payload: string, timeoutMs: number): Promise<SlotCallResult> {
    let runtime: Runtime;
    try {
      runtime = await this.#ensure();
    } catch (error) {
      return { ok: false, reason: 'failure', message: `The sandbox could not start: ${messageOf(error)}` };
    }
    // The watchdog also settles the call: after a catastrophic error the isolate's promise never does.
    let watchdog: NodeJS.Timeout | undefined;
    const cutOff = new Promise<'cut-off'>((resolve) => {
      const fire = () => {
        this.#kill(runtime);
        resolve('cut-off');
      };
      this.#abortCurrent = fire;
      watchdog = setTimeout(fire, timeoutMs + WATCHDOG_GRACE_MS);
    });
    const call = runtime.entries[entry].apply(undefined, [payload], {
      timeout: timeoutMs,
      result: { promise: true, copy: true },
    });
    try {
      const text = await Promise.race([call, cutOff]);
      if (text !== 'cut-off') return { ok: true, text: String(text) };
      const reason = runtime.catastrophic ? 'memory' : 'timeout';
      return { ok: false, reason, message: `The sandbox was stopped (${reason})` };
    } catch (error) {
      const message = messageOf(error);
      if (SCRIPT_TIMED_OUT.test(message)) return { ok: false, reason: 'timeout', message };
      if (runtime.isolate.isDisposed) {
        this.#kill(runtime);
        return { ok: false, reason: 'memory', message };
      }
      return { ok: false, reason: 'failure', message };
    } finally {
      clearTimeout(watchdog);
      this.#abortCurrent = undefined;
    }
  }

  /** The live runtime, creating one if there is none or the last one was disposed. */
  async #ensure(): Promise<Runtime> {
    const current = await this.#current();
    if (current === undefined || current.isolate.isDisposed) {
      this.#runtime = createRuntime(this.#memoryMb, (runtime, message) => {
        runtime.catastrophic = true;
        this.#onCatastrophicError(message);
        this.#abortCurrent?.();
      });
      this.#runtime.catch(() => {
        this.#runtime = undefined;
      });
    }
    return this.#runtime as Promise<Runtime>;
  }

  async #current(): Promise<Runtime | undefined> {
    try {
      return await this.#runtime;
    } catch {
      return undefined;
    }
  }

  #kill(runtime: Runtime): void {
    try {
      if (!runtime.isolate.isDisposed) runtime.isolate.dispose();
    } catch {
      // A catastrophically failed isolate may refuse to die; it is abandoned either way.
    }
    this.#runtime = undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function createRuntime(
  memoryMb: number,
  onCatastrophicError: (runtime: Runtime, message: string) => void,
): Promise<Runtime> {
  const holder: { runtime?: Runtime } = {};
  const isolate = new ivm.Isolate({
    memoryLimit: memoryMb,
    onCatastrophicError: (message) => {
      if (holder.runtime) onCatastrophicError(holder.runtime, message);
    },
  });
  try {
    const context = await isolate.createContext();
    const api = await context.eval(preludeSource(), {
      filename: 'klikkflow-runtime.js',
      timeout: PRELUDE_TIMEOUT_MS,
      reference: true,
    });
    const entries = {
      expr: await api.get('expr', { reference: true }),
      code: await api.get('code', { reference: true }),
      logs: await api.get('logs', { reference: true }),
    };
    api.release();
    holder.runtime = { isolate, context, entries, catastrophic: false } as Runtime;
    return holder.runtime;
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}
