import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const POSTGRES_ROOT = '/usr/lib/postgresql';

/** A PostgreSQL server of the test's own, for what must not touch the shared one (stop, crash, restart). */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** `pg_ctl stop`: `fast` (default) rolls back sessions cleanly, `immediate` is a crash. No-op when stopped. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port with the same data and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it (`immediate`) if running and removes its directory. */
  dispose(): Promise<void>;
}

/**
 * Creates a throw-away cluster (`initdb`, trust auth, fsync off) in a temporary directory and starts it
 * on a free port bound to 127.0.0.1. initdb refuses to run as root, and tests run as root in CI, so
 * then every binary runs as the `postgres` OS user, which owns the directory.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDirectory();
  const dir = mkdtempSync(join(tmpdir(), 'klikkflow-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, osId('-u'), osId('-g'));
  const port = await freePort();
  let running = false;

  const pg = async (program: string, args: string[]): Promise<void> => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    try {
      await run(file, argv, { cwd: dir });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${program} ${args.join(' ')} failed:\n${stderr ?? ''}${stdout ?? ''}`);
    }
  };

  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');

  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      if (running) return;
      await pg('pg_ctl', [
        'start',
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '30',
        '-o',
        settings,
      ]);
      running = true;
    },
    async stop(mode = 'fast') {
      if (!running) return;
      await pg('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '30']);
      running = false;
    },
    async dispose() {
      try {
        await server.stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    await pg('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await server.start();
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return server;
}

/** The `bin` directory of the newest installed PostgreSQL major version. */
function binDirectory(): string {
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (versions[0] === undefined) throw new Error(`no PostgreSQL version under ${POSTGRES_ROOT}`);
  return join(POSTGRES_ROOT, versions[0], 'bin');
}

/** The `postgres` OS user's uid (`-u`) or gid (`-g`). */
function osId(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}
