import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/connection.js';
import { isDatabaseUnavailable } from '../src/sql-helpers.js';
import { openTestDatabase, TEST_POSTGRES_URL } from './contract-harness.js';

describe('openDatabase', () => {
  it('needs a PostgreSQL URL or a SQLite path (DB_CONFIG_INVALID)', async () => {
    await expect(openDatabase({})).rejects.toMatchObject({ code: 'DB_CONFIG_INVALID', intent: 'user' });
  });

  it.each(['Upper', 'with-dash', 'x; drop schema public', '1starts_with_digit', ''.padEnd(64, 'a')])(
    'refuses the PostgreSQL schema name "%s" (DB_CONFIG_INVALID)',
    async (schema) => {
      await expect(openDatabase({ url: TEST_POSTGRES_URL, schema })).rejects.toMatchObject({
        code: 'DB_CONFIG_INVALID',
      });
    },
  );

  it('ping rejects with DB_UNAVAILABLE when nothing listens at the PostgreSQL URL', async () => {
    const connection = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/test', poolSize: 1 });
    try {
      const error = await connection.ping().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'DB_UNAVAILABLE', intent: 'operational' });
      expect(isDatabaseUnavailable((error as Error).cause)).toBe(true);
    } finally {
      await connection.close();
    }
  });

  it('creates the SQLite file in missing nested folders, in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klikkflow-conn-'));
    const path = join(dir, 'a', 'b', 'c', 'klikkflow.db');
    const connection = await openDatabase({ sqlitePath: path });
    try {
      expect(connection.dialect).toBe('sqlite');
      await connection.ping();
      expect(existsSync(path)).toBe(true);
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(connection.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL connection', () => {
  it('returns int8 columns as JavaScript numbers', async () => {
    const { connection, dispose } = await openTestDatabase('postgres');
    try {
      expect(connection.dialect).toBe('postgres');
      await connection.db.insertInto('settings').values({ key: 'k', value: '1' }).execute();
      const { rows } = await sql<{ at: unknown; rows: unknown }>`
        select cast(1700000000123 as bigint) as at, (select count(*) from settings) as rows
      `.execute(connection.db);
      expect(rows[0]).toEqual({ at: 1_700_000_000_123, rows: 1 });
    } finally {
      await dispose();
    }
  });

  it('recognises a server-terminated session as unavailable, then and on the next query', async () => {
    // A bare client (not the pool): see the report on checked-out clients losing their socket.
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    const emitted: unknown[] = [];
    client.on('error', (error) => emitted.push(error));
    await client.connect();
    try {
      const terminated = await client
        .query('select pg_terminate_backend(pg_backend_pid())')
        .catch((caught: unknown) => caught);
      expect(terminated).toMatchObject({ code: '57P01' });
      expect(isDatabaseUnavailable(terminated)).toBe(true);
      const next = await client.query('select 1').catch((caught: unknown) => caught);
      expect(next).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(next)).toBe(true);
    } finally {
      await client.end().catch(() => undefined);
    }
  });
});
