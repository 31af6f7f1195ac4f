import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from '../support/ensure-built.js';

/**
 * The CLI as `tsc -b` (what `ensureBuilt` runs) leaves it. Not `apps/cli/bin/klikkflow.js`: that one
 * prefers the one-file bundle of `npm run build` when it exists, which `tsc -b` does not refresh, so it
 * could run code older than the sources under test.
 */
export const CLI_ENTRY = `${repoRoot}apps/cli/dist/bin.js`;

/** The roles of a scale-mode cluster. */
export type ChaosRole = 'main' | 'webhook' | 'worker';

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A KlikkFlow child process that reported it is ready. */
export interface ChaosProcess {
  readonly role: ChaosRole;
  /** `main`, `webhook#2`, `worker#3`…: names in failure messages. */
  readonly name: string;
  readonly pid: number;
  /** Its HTTP base URL (a worker's health server). */
  readonly url: string;
  /** A worker's name in lease rows (`executions.lease_owner`). */
  readonly owner?: string;
  /** Resolves once the process has ended. */
  readonly exited: Promise<ProcessExit>;
  /** How it ended; undefined while it runs. */
  exit(): ProcessExit | undefined;
  /** Sends a signal to the process itself (not to its sandbox child). */
  signal(signal: NodeJS.Signals): void;
  /** Its stdout and stderr, interleaved, the last 16 KB. */
  output(): string;
  /** Kills the process and everything it spawned (its process group), and waits for its exit. */
  destroy(): Promise<void>;
}

const READY: Record<ChaosRole, RegExp> = {
  main: /KlikkFlow is ready at (http:\/\/\S+)/,
  webhook: /KlikkFlow webhook process is ready at (http:\/\/\S+)/,
  worker: /KlikkFlow worker (\S+) is ready \(concurrency \d+\); health at (http:\/\/\S+)\/healthz/,
};
const OUTPUT_LIMIT = 16_384;

/** Every process started, so that even a test process that dies abruptly leaves none behind. */
const everyProcess = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of everyProcess) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // detached: the child leads its own process group, so its sandbox process goes with it.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Spawns `klikkflow <args>` with exactly `env` and resolves once it prints its ready line; rejects with
 * its output when it exits or stays silent for `timeoutMs` first.
 */
export function spawnChaosProcess(
  role: ChaosRole,
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 45_000,
): Promise<ChaosProcess> {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  everyProcess.add(child);
  let output = '';
  let ended: ProcessExit | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stderr?.on('data', collect);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      everyProcess.delete(child);
      resolve(ended);
    });
    child.once('error', (error) => {
      collect(Buffer.from(`spawn failed: ${error.message}\n`));
      ended ??= { code: null, signal: null };
      everyProcess.delete(child);
      resolve(ended);
    });
  });

  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      killGroup(child);
      reject(new Error(`${name} ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      collect(chunk);
      const match = READY[role].exec(output);
      if (!match || ended) return;
      clearTimeout(timer);
      const [, first, second] = match;
      resolve({
        role,
        name,
        pid: child.pid ?? -1,
        url: String(role === 'worker' ? second : first),
        ...(role === 'worker' && { owner: first }),
        exited,
        exit: () => ended,
        signal(signal) {
          if (!ended) child.kill(signal);
        },
        output: () => output,
        async destroy() {
          killGroup(child);
          await exited;
        },
      });
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      fail(`exited (${JSON.stringify(exit)}) before it was ready`);
    });
  });
}
