import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/connection.js';
import { checkpointInBackground } from '../src/wal-checkpointer.js';

const FAST = { pollMs: 10, intervalMs: 10 };

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Inserts about `kilobytes` KB in one transaction. */
function write(database: SqliteDatabase.Database, kilobytes: number): void {
  const insert = database.prepare('insert into blobs (data) values (?)');
  database.transaction(() => {
    for (let i = 0; i < kilobytes; i++) insert.run('x'.repeat(1024));
  })();
}

describe('checkpointInBackground (SQLite WAL)', () => {
  let dir: string;
  let path: string;
  let database: SqliteDatabase.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klikkflow-wal-'));
    path = join(dir, 'test.db');
    database = new SqliteDatabase(path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.exec('create table blobs (id integer primary key, data text)');
  });

  afterEach(() => {
    if (database.open) database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no thread while little is written: commits keep checkpointing as SQLite does', async () => {
    const checkpoints = checkpointInBackground(database, path, FAST);
    write(database, 100);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpoints.state).toBe('waiting');
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpoints.close();
    expect(checkpoints.state).toBe('stopped');
  });

  it('starts the thread once the WAL reaches the threshold, and the thread copies later commits', async () => {
    const checkpoints = checkpointInBackground(database, path, FAST);
    // 1,000 pages of 4 KB reach the threshold; the commits' own checkpoint has run by then.
    write(database, 4500);
    await eventually(() => checkpoints.state === 'running', 'the thread runs');
    // Commits leave checkpoints to the thread now (the safety net is far above what follows).
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384);
    const before = statSync(path).size;
    // 2 MB more, well under the safety net: only the thread can copy it into the database file.
    write(database, 2048);
    await eventually(() => statSync(path).size >= before + 2 * 1024 * 1024, 'the thread checkpoints');
    await checkpoints.close();
    expect(checkpoints.state).toBe('stopped');
    database.close();
    // The last connection to close checkpoints what is left and removes the WAL.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('leaves checkpoints to commits when the thread cannot start', async () => {
    const checkpoints = checkpointInBackground(database, path, FAST);
    write(database, 4500);
    // The thread opens the file by name; under another name it is not there.
    renameSync(path, `${path}.moved`);
    await eventually(() => checkpoints.state === 'stopped', 'the failed start is noticed');
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpoints.close();
  });

  it('runs behind an openDatabase connection, which closes the thread before the database', async () => {
    database.close();
    const connection = await openDatabase({ sqlitePath: path, backgroundCheckpoints: true });
    await sql`insert into blobs (data) values (${'y'.repeat(4 * 1024 * 1024)})`.execute(connection.db);
    await connection.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new SqliteDatabase(path, { readonly: true });
    expect(reopened.prepare('select count(*) as n from blobs').get()).toEqual({ n: 1 });
    reopened.close();
  });

  it('keeps the process alive until the thread is closed (a top-level await on close settles)', () => {
    // In a process of its own, from the built package: here the test runner would keep the process alive.
    const driver = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
    const built = new URL('../dist/wal-checkpointer.js', import.meta.url).href;
    const script = join(dir, 'child.mjs');
    writeFileSync(
      script,
      `import Database from ${JSON.stringify(driver)};
      import { checkpointInBackground } from ${JSON.stringify(built)};
      const database = new Database(process.argv[2]);
      database.pragma('journal_mode = WAL');
      database.exec('create table blobs (data text)');
      const checkpoints = checkpointInBackground(database, process.argv[2], { pollMs: 10, intervalMs: 10 });
      database.prepare('insert into blobs (data) values (?)').run('x'.repeat(5_000_000));
      while (checkpoints.state === 'waiting') await new Promise((resolve) => setTimeout(resolve, 10));
      await checkpoints.close();
      database.close();
      console.log(checkpoints.state);`,
    );
    const child = spawnSync(process.execPath, [script, join(dir, 'child.db')], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stderr).toBe('');
    expect({ status: child.status, stdout: child.stdout.trim() }).toEqual({ status: 0, stdout: 'stopped' });
  });
});
