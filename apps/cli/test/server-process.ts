import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The stable entry of the `klikkflow` command (it loads the built `dist/bin.js`). */
export const binPath = fileURLToPath(new URL('../bin/klikkflow.js', import.meta.url));

/** The owner every test server process creates from the environment. */
export const PROCESS_OWNER = { email: 'owner@example.com', password: 'correct-horse-9' };

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `klikkflow start` child process that reported its URL. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has ended. */
  exited: Promise<ProcessExit>;
  output(): { stdout: string; stderr: string };
}

/** The environment of every command run against `dataDir`. */
export function processEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KLIKKFLOW_DATA_DIR: dataDir,
    KLIKKFLOW_OWNER_EMAIL: PROCESS_OWNER.email,
    KLIKKFLOW_OWNER_PASSWORD: PROCESS_OWNER.password,
    KLIKKFLOW_LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts `klikkflow start --port 0` and resolves once it prints `KlikkFlow is ready at <url>`. */
export function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [binPath, 'start', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const output = () => ({ stdout, stderr });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not become ready in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /KlikkFlow is ready at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, exited, output });
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(
        new Error(`the server exited (${JSON.stringify(exit)}) before it was ready:\n${stdout}\n${stderr}`),
      );
    });
  });
}

/** Runs a `klikkflow` command to its end and returns its output (a non-zero exit rejects). */
export async function klikkflow(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [binPath, ...args], {
    env,
    timeout: 20_000,
  });
  return stdout;
}
