import { type ChildProcess, fork } from 'node:child_process';
import type { SlotCallResult } from './isolate-slot.js';
import type { WorkerMessage, WorkerMethod, WorkerRequest } from './process-protocol.js';

/** What one call into the worker produced: its JSON outcome, or why the worker could not give one. */
export type ChildCallResult = { ok: true; text: string } | Extract<SlotCallResult, { ok: false }>;

/** How a {@link SandboxChild} is started. */
export interface SandboxChildOptions {
  /** The worker entry (`dist/sandbox-worker.js`). */
  workerPath: string;
  /** The worker's default isolate heap, MB. */
  memoryMb: number;
  /** The worker's own V8 heap (requests and results are parsed there), MB. */
  hostHeapMb: number;
  /** How long start-up (Node, isolated-vm, the warm isolate) may take. */
  startTimeoutMs: number;
}

interface Pending {
  resolve: (result: ChildCallResult) => void;
  timer: NodeJS.Timeout;
}

/** Variables the worker inherits: only those that change what user code computes (zone and locale). */
const INHERITED_ENV = ['TZ', 'LANG', 'LC_ALL'];

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

/**
 * One worker process and its calls. Calls carry ids and may overlap; each has a deadline, past which
 * the worker is killed (so a wedged worker cannot hold a call forever). When the worker dies, every
 * call in flight fails with the reason: `memory` (V8 reported a catastrophic error, or aborted),
 * `timeout` (for the call that overran), `failure` otherwise. A dead child is never reused.
 */
export class SandboxChild {
  /** Resolves once the worker is ready for calls; rejects if it dies or stalls first. */
  readonly ready: Promise<void>;
  readonly #process: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  // Set by the promise executors in the constructor.
  #markExited!: () => void;
  #markReady!: () => void;
  #failStart!: (error: Error) => void;
  #nextId = 0;
  #dead = false;
  /** Set by the worker's crash notice, or by the host when a deadline passed. */
  #cause: { reason: 'memory' | 'timeout'; id?: number; message: string } | undefined;

  constructor(options: SandboxChildOptions) {
    this.#exited = new Promise((resolve) => {
      this.#markExited = resolve;
    });
    this.ready = new Promise((resolve, reject) => {
      this.#markReady = resolve;
      this.#failStart = reject;
    });
    this.ready.catch(() => undefined);
    this.#process = fork(options.workerPath, [String(options.memoryMb)], {
      env: childEnv(),
      execArgv: ['--no-node-snapshot', `--max-old-space-size=${options.hostHeapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const startTimer = setTimeout(() => {
      this.#failStart(new Error(`no answer within ${options.startTimeoutMs} ms`));
      void this.kill();
    }, options.startTimeoutMs);
    void this.ready.then(
      () => clearTimeout(startTimer),
      () => clearTimeout(startTimer),
    );
    this.#process.on('message', (message: WorkerMessage) => this.#receive(message));
    this.#process.once('exit', (code, signal) =>
      this.#died(exitText(code, signal), signal === 'SIGABRT' || code === 134),
    );
    // A process that could not be spawned emits 'error' and no 'exit'.
    this.#process.on('error', (error) => {
      if (this.#process.pid === undefined) this.#died(error.message, false);
      else void this.kill();
    });
  }

  /** The worker's process id (for diagnostics). */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** False once the worker died or was killed. */
  get alive(): boolean {
    return !this.#dead;
  }

  /** Sends a call; past `deadlineMs` without an answer the worker is killed and the call fails as `timeout`. */
  call(method: WorkerMethod, request: string, deadlineMs: number): Promise<ChildCallResult> {
    if (this.#dead) return Promise.resolve(failure('The sandbox process is not running'));
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#cause ??= { reason: 'timeout', id, message: `no answer within ${deadlineMs} ms` };
        void this.kill();
      }, deadlineMs);
      this.#pending.set(id, { resolve, timer });
      const message: WorkerRequest = { id, method, request };
      this.#process.send(message, (error) => {
        if (error)
          this.#settle(id, failure(`The call could not be sent to the sandbox process: ${error.message}`));
      });
    });
  }

  /** Whether the worker may keep the host's event loop alive: only while calls are waiting on it. */
  setActive(active: boolean): void {
    for (const handle of [this.#process, this.#process.channel]) {
      if (active) handle?.ref();
      else handle?.unref();
    }
  }

  /** Kills the worker at once; resolves when it has exited. */
  kill(): Promise<void> {
    if (!this.#dead) {
      // Held until the exit is seen, so that whoever awaits this is not left behind by an idle event loop.
      this.setActive(true);
      this.#process.kill('SIGKILL');
    }
    return this.#exited;
  }

  #receive(message: WorkerMessage): void {
    if (message.type === 'ready') this.#markReady();
    else if (message.type === 'result') this.#settle(message.id, { ok: true, text: message.result });
    else if (message.type === 'failed') this.#settle(message.id, failure(message.message));
    else if (message.type === 'crash') this.#cause = { reason: 'memory', message: message.message };
  }

  #settle(id: number, result: ChildCallResult): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(result);
  }

  /** `aborted`: V8 aborts the process when its own heap runs out (and isolated-vm on an unhandled catastrophe). */
  #died(how: string, aborted: boolean): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#markExited();
    this.#failStart(new Error(`the process ended during start-up (${how})`));
    const cause = this.#cause;
    for (const id of [...this.#pending.keys()]) {
      if (cause?.reason === 'timeout' && cause.id === id)
        this.#settle(id, { ok: false, reason: 'timeout', message: cause.message });
      else if (cause?.reason === 'memory' || aborted)
        this.#settle(id, {
          ok: false,
          reason: 'memory',
          message: cause?.message ?? `out of memory (${how})`,
        });
      else this.#settle(id, failure(`The sandbox process died during the call (${how})`));
    }
  }
}

function failure(message: string): ChildCallResult {
  return { ok: false, reason: 'failure', message };
}

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${code}` : `signal ${signal}`;
}
