import { type Config, loadConfig } from '@klikkflow/core';
import {
  createRepositories,
  type DatabaseConnection,
  type MigrationReport,
  type Repositories,
} from '@klikkflow/database';
import { openConfiguredDatabase as openServerDatabase } from '@klikkflow/server';
import type { CliIo } from './cli-io.js';

/** An open, migrated database. The caller closes `connection`. */
export interface OpenedDatabase {
  connection: DatabaseConnection;
  repos: Repositories;
  /** What opening it migrated. */
  migrations: MigrationReport;
}

/**
 * Opens the configured database as the server does (see `openConfiguredDatabase` of the server) with a
 * small pool: one command runs one query at a time and leaves a running server its connections.
 */
export async function openConfiguredDatabase(config: Config): Promise<OpenedDatabase> {
  const { connection, migrations } = await openServerDatabase(config, { poolSize: 2 });
  return { connection, repos: createRepositories(connection), migrations };
}

/** Runs `use` with the database configured by `io.env`, closing it afterwards whatever happens. */
export async function withDatabase<T>(io: CliIo, use: (database: OpenedDatabase) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig(io.env ?? process.env));
  try {
    return await use(database);
  } finally {
    await database.connection.close();
  }
}
