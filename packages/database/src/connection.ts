import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OperationalError, UserError } from '@klikkflow/types';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
  sql,
} from 'kysely';
import type pg from 'pg';
import { type MigrationReport, migrationsComplete, runMigrations } from './migrator.js';
import type { DatabaseSchema } from './schema.js';
import { type BackgroundCheckpoints, checkpointInBackground } from './wal-checkpointer.js';

/** Which database engine a connection talks to. */
export type DatabaseDialect = 'sqlite' | 'postgres';

/** How to reach the database. */
export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL; unset means SQLite at {@link sqlitePath}. */
  url?: string;
  /** SQLite file (`:memory:` for a throwaway database). */
  sqlitePath?: string;
  /** PostgreSQL schema to use (created if missing); tests give each run its own. */
  schema?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * SQLite file only: checkpoint the WAL on a background thread, once writes call for it, instead of in
   * the commit that crosses SQLite's threshold (see {@link checkpointInBackground}). For a long-running
   * server; a short command does not need the thread.
   */
  backgroundCheckpoints?: boolean;
}

/** An open database: the Kysely handle plus lifecycle. */
export interface DatabaseConnection {
  db: Kysely<DatabaseSchema>;
  dialect: DatabaseDialect;
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<MigrationReport>;
  /** Resolves when the database answers a query; throws `DB_UNAVAILABLE` otherwise. */
  ping(): Promise<void>;
  /** True when every known migration has been applied. */
  migrated(): Promise<boolean>;
  close(): Promise<void>;
}

// PostgreSQL's int8 (our epoch-ms columns) arrives as a string by default; every value we store fits a double.
const INT8_OID = 20;

function typesOf(driver: typeof pg) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID) return (value: string) => Number(value);
      return driver.types.getTypeParser(oid, format as 'text');
    },
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens PostgreSQL; the driver loads only here, so the embedded (SQLite) default never pays for it. */
async function openPostgres(options: DatabaseOptions & { url: string }): Promise<Kysely<DatabaseSchema>> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new UserError('DB_CONFIG_INVALID', `PostgreSQL schema name "${schema}" is not a plain identifier`);
  }
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: typesOf(driver),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A client losing its server (a restart), idle or mid-query, must not crash the process with an unhandled
  // 'error' event; the query in flight or the next one reports it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}

function openSqlite(
  path: string,
  backgroundCheckpoints: boolean,
): { db: Kysely<DatabaseSchema>; checkpoints?: BackgroundCheckpoints } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL + NORMAL survives a killed process (not a power cut) at about 26 µs per transaction.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  if (!backgroundCheckpoints || path === ':memory:') return { db };
  return { db, checkpoints: checkpointInBackground(database, path) };
}

/** How many prepared statements a SQLite connection keeps (the repositories use a few dozen shapes). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with prepared statements reused by SQL text. Kysely prepares every
 * query afresh; preparing costs as much as running a small statement, and the same few dozen SQL texts
 * come back all the time. Statements hold no state between runs, so sharing one is safe.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDialectDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/** Opens SQLite (default) or PostgreSQL; call {@link DatabaseConnection.migrate} before use. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseConnection> {
  const dialect: DatabaseDialect = options.url ? 'postgres' : 'sqlite';
  if (!options.url && !options.sqlitePath) {
    throw new UserError('DB_CONFIG_INVALID', 'either a PostgreSQL URL or a SQLite file path is required');
  }
  const { db, checkpoints } = options.url
    ? { db: await openPostgres({ ...options, url: options.url }), checkpoints: undefined }
    : openSqlite(options.sqlitePath as string, options.backgroundCheckpoints ?? false);
  const connection: DatabaseConnection = {
    db,
    dialect,
    async migrate() {
      if (dialect === 'postgres' && options.schema) {
        await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
      }
      return runMigrations(db, dialect === 'postgres' ? (options.schema ?? 'public') : undefined);
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        throw new OperationalError('DB_UNAVAILABLE', 'the database does not answer', { cause: error });
      }
    },
    migrated: () => migrationsComplete(db, dialect === 'postgres' ? (options.schema ?? 'public') : undefined),
    async close() {
      // The thread's connection goes first, so the last one to close checkpoints and removes the WAL.
      await checkpoints?.close();
      await db.destroy();
    },
  };
  return connection;
}
