import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** SQLite's own checkpoint threshold, in WAL pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/**
 * The threshold while the thread checkpoints: a safety net, reached only if the thread falls far behind
 * (64 MB of WAL with 4 KB pages).
 */
const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

/** Timing of {@link checkpointInBackground}; the defaults suit a server. */
export interface BackgroundCheckpointTiming {
  /** How often to look at the WAL file's size until the thread starts, in ms (default 1000). */
  pollMs?: number;
  /** How often the thread checkpoints, in ms (default 100). */
  intervalMs?: number;
}

/** Where background checkpoints stand: `waiting` for enough writes, `running`, or `stopped` (closed or failed). */
export type BackgroundCheckpointState = 'waiting' | 'running' | 'stopped';

/** Background checkpoints of one database. */
export interface BackgroundCheckpoints {
  readonly state: BackgroundCheckpointState;
  /** Stops the thread, if started, after the checkpoint in progress. Call before closing the database. */
  close(): Promise<void>;
}

// The thread runs this CommonJS text: a source file would need its own path in the module tree, in the
// one-file CLI bundle and under the test runner alike. It loads the same better-sqlite3 as the caller.
// PASSIVE never waits for readers or the writer: it copies what it can and leaves the rest to the next
// tick; a checkpoint with nothing new to copy returns without touching the disk.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const database = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => database.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  database.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/** A started checkpoint thread. */
interface CheckpointThread {
  close(): Promise<void>;
}

/** Starts the thread; resolves once it has opened the database, rejects if it could not. */
async function startThread(
  path: string,
  intervalMs: number,
  onFailure: () => void,
): Promise<CheckpointThread> {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { driverPath, path, intervalMs } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let started = false;
  let closing = false;
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => {
      started = true;
      resolve();
    });
    worker.on('error', (error) => {
      if (!started) reject(error);
      else if (!closing) onFailure();
    });
  });
  // Never the reason the process stays alive.
  worker.unref();
  return {
    async close() {
      closing = true;
      // Referenced again: whoever awaits this must not see the process end first.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}

/**
 * Moves the WAL checkpoints of `database` (the SQLite file at `path`, in WAL mode) to a background thread.
 * A checkpoint copies the pages committed since the last one into the database file and syncs both files;
 * done by the connection that commits, that work and its two fsyncs fall on whichever request crossed the
 * threshold. The thread costs about 8 MB, so it starts only once the WAL file has reached SQLite's own
 * threshold: a server that writes little keeps checkpointing as SQLite does by default. If the thread
 * cannot start or fails, commits checkpoint again.
 */
export function checkpointInBackground(
  database: SqliteDatabase.Database,
  path: string,
  timing: BackgroundCheckpointTiming = {},
): BackgroundCheckpoints {
  const pageSize = Number(database.pragma('page_size', { simple: true }));
  const thresholdBytes = DEFAULT_AUTOCHECKPOINT_PAGES * pageSize;
  let state: BackgroundCheckpointState = 'waiting';
  let thread: CheckpointThread | undefined;
  let starting: Promise<void> | undefined;
  const checkpointOnCommit = () => {
    state = 'stopped';
    if (database.open) database.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };

  const poll = setInterval(() => {
    const walBytes = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (walBytes < thresholdBytes) return;
    clearInterval(poll);
    starting = startThread(path, timing.intervalMs ?? 100, checkpointOnCommit).then(
      async (started) => {
        if (state !== 'waiting') return started.close();
        thread = started;
        state = 'running';
        database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
      },
      () => {
        state = 'stopped';
      },
    );
  }, timing.pollMs ?? 1000);
  poll.unref();

  return {
    get state() {
      return state;
    },
    async close() {
      clearInterval(poll);
      state = 'stopped';
      await starting;
      await thread?.close();
    },
  };
}
