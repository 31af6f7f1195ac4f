import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

/** A redis-server of the test's own, for what must not touch the shared one (stop, kill, flush, config). */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** SIGTERM, then waits for the exit. No-op when not running. */
  stop(): Promise<void>;
  /** SIGKILL (a crash), then waits for the exit. No-op when not running. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted) and waits until PING answers. */
  start(): Promise<void>;
  /** Kills it if running and removes its directory. */
  dispose(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Starts `redis-server` on a free port bound to 127.0.0.1, without persistence, with `args` appended
 * (e.g. `['--maxmemory-policy', 'allkeys-lru']`), and resolves once it answers PING.
 */
export async function startPrivateRedis(options: { args?: string[] } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'klikkflow-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, ...(options.args ?? []));
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();
  let output = '';

  const start = async (): Promise<void> => {
    if (child !== undefined) return;
    output = '';
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    exited = new Promise((resolve) => {
      const gone = (error?: Error) => {
        if (error !== undefined) collect(Buffer.from(error.message));
        if (child === proc) child = undefined;
        resolve();
      };
      proc.once('exit', () => gone());
      proc.once('error', gone); // spawn failed: no 'exit' follows
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await answersPing(port))) {
      if (child !== proc) throw new Error(`redis-server on port ${port} exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer:\n${output}`);
      await sleep(20);
    }
  };

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    child?.kill(name);
    await exited;
  };

  const server: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    start,
    async dispose() {
      await signal('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return server;
}

/** Whether a server on `port` answers PING (an auth-protected one answers NOAUTH, which counts). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(!data.toString().startsWith('-LOADING')));
  });
}
