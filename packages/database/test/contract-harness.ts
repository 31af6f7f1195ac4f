import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { type DatabaseConnection, type DatabaseDialect, openDatabase } from '../src/connection.js';

/** The PostgreSQL server the contract suites use (the machine's shared one; each run gets its own schema). */
export const TEST_POSTGRES_URL =
  process.env.KLIKKFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A migrated, empty database of one dialect, fresh for one suite. */
export interface ContractDatabase {
  dialect: DatabaseDialect;
  connection(): DatabaseConnection;
}

/** Opens a fresh migrated database: a temp SQLite file, or a private schema on the test PostgreSQL. */
export async function openTestDatabase(
  dialect: DatabaseDialect,
): Promise<{ connection: DatabaseConnection; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'klikkflow-db-'));
    const connection = await openDatabase({ sqlitePath: join(dir, 'test.db') });
    await connection.migrate();
    return {
      connection,
      async dispose() {
        await connection.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `kf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const connection = await openDatabase({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
  const dispose = async () => {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(connection.db);
    await connection.close();
  };
  try {
    await connection.migrate();
  } catch (error) {
    await dispose();
    throw error;
  }
  return { connection, dispose };
}

/**
 * Declares one contract suite that runs against both SQLite and the real PostgreSQL: every adapter
 * must pass the same tests. Each dialect gets its own fresh database for the whole suite.
 */
export function describeOnBothDialects(name: string, suite: (database: ContractDatabase) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, () => {
      let opened: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
      beforeAll(async () => {
        opened = await openTestDatabase(dialect);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      suite({
        dialect,
        connection: () => {
          if (!opened) throw new Error('the test database is not open yet');
          return opened.connection;
        },
      });
    });
  }
}
