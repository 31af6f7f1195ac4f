import { UnexpectedError } from '@klikkflow/types';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { initialMigration } from './migrations/0001-initial.migration.js';
import { leasesMigration } from './migrations/0002-leases.migration.js';

/** What a migration run did. */
export interface MigrationReport {
  /** Names applied by this run, in order. */
  applied: string[];
  /** Every known migration name, in order. */
  known: string[];
}

/** Every migration in order; names sort in the order they run. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initialMigration,
  '0002-leases': leasesMigration,
};

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => MIGRATIONS,
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema, before the typed one exists.
type AnyKysely = Kysely<any>;

/**
 * `schema`: the PostgreSQL schema the tables live in. Kysely otherwise looks for its migration tables in
 * every schema, so another KlikkFlow database in the same server could make it skip creating them.
 */
function migratorFor(db: AnyKysely, schema?: string): Migrator {
  return new Migrator({
    db,
    provider,
    ...(schema !== undefined && { migrationTableSchema: schema }),
    migrationTableName: 'klikkflow_migrations',
    migrationLockTableName: 'klikkflow_migrations_lock',
  });
}

/**
 * Applies pending migrations in order. Kysely's migrator takes a lock, so mains starting together apply
 * each migration once. A failed migration rolls back and throws `DB_MIGRATION_FAILED`.
 */
export async function runMigrations(db: AnyKysely, schema?: string): Promise<MigrationReport> {
  const { error, results } = await migratorFor(db, schema).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new UnexpectedError('DB_MIGRATION_FAILED', `database migration "${failed}" failed`, {
      cause: error,
      details: { migration: failed },
    });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    known: Object.keys(MIGRATIONS),
  };
}

/** True when every known migration has been applied (the readiness probe asks this). */
export async function migrationsComplete(db: AnyKysely, schema?: string): Promise<boolean> {
  const migrations = await migratorFor(db, schema).getMigrations();
  return migrations.every((migration) => migration.executedAt !== undefined);
}
