import { join } from 'node:path';
import type { Config } from '@klikkflow/core';
import { type DatabaseConnection, type MigrationReport, openDatabase } from '@klikkflow/database';
import { OperationalError } from '@klikkflow/types';

/** The SQLite file inside the data dir: the server and the CLI open the same one. */
export const SQLITE_FILE_NAME = 'klikkflow.db';

/** The SQLite file in embedded mode. */
export function sqlitePathOf(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, SQLITE_FILE_NAME);
}

/**
 * Opens the configured database (PostgreSQL when `KLIKKFLOW_DATABASE_URL` is set, else SQLite at
 * `<data dir>/klikkflow.db`, WAL mode, so the CLI works beside a running server) and applies pending
 * migrations. A database that does not answer is `DB_UNAVAILABLE`, naming the reason but never the URL
 * (it may hold a password). `schema` (default `KLIKKFLOW_DATABASE_SCHEMA`) puts PostgreSQL tables in that
 * schema. `backgroundCheckpoints` moves SQLite's WAL checkpoints to a thread (for a long-running server).
 */
export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'dataDir'>,
  options: { schema?: string; poolSize?: number; backgroundCheckpoints?: boolean } = {},
): Promise<{ connection: DatabaseConnection; migrations: MigrationReport }> {
  const schema = options.schema ?? config.databaseSchema;
  const connection = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, ...options, ...(schema !== undefined && { schema }) }
      : { sqlitePath: sqlitePathOf(config), backgroundCheckpoints: options.backgroundCheckpoints ?? false },
  );
  try {
    await connection.ping().catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const which = connection.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite';
      throw new OperationalError(
        'DB_UNAVAILABLE',
        `the ${which} database does not answer: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause: error },
      );
    });
    return { connection, migrations: await connection.migrate() };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
