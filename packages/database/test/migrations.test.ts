import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/connection.js';
import { createExecutionRepository } from '../src/execution.repository.js';
import { createExecutionLeaseRepository } from '../src/execution-lease.repository.js';
import { initialMigration } from '../src/migrations/0001-initial.migration.js';
import { describeOnBothDialects, TEST_POSTGRES_URL } from './contract-harness.js';
import { makeExecution } from './execution-fixture.js';
import { leaseSnapshot } from './lease-fixture.js';

describeOnBothDialects('migrations', (database) => {
  it('applies every migration once and reports completion', async () => {
    const connection = database.connection();
    expect(await connection.migrated()).toBe(true);
    const again = await connection.migrate();
    expect(again.applied).toEqual([]);
    expect(again.known).toEqual(['0001-initial', '0002-leases']);
  });

  it('answers a ping', async () => {
    await expect(database.connection().ping()).resolves.toBeUndefined();
  });
});

describe('migration 0002-leases', () => {
  it.each(['sqlite', 'postgres'] as const)(
    'gives executions stored before it the lease defaults, claimable at once [%s]',
    async (dialect) => {
      const schema = `kf_upgrade_${process.pid}_${randomBytes(4).toString('hex')}`;
      const connection =
        dialect === 'sqlite'
          ? await openDatabase({ sqlitePath: ':memory:' })
          : await openDatabase({ url: TEST_POSTGRES_URL, schema, poolSize: 2 });
      const { db } = connection;
      try {
        if (dialect === 'postgres') await sql`create schema ${sql.id(schema)}`.execute(db);
        // The database as a server of the previous release left it: only 0001 applied.
        const previous = new Migrator({
          db,
          provider: { getMigrations: async () => ({ '0001-initial': initialMigration }) },
          ...(dialect === 'postgres' && { migrationTableSchema: schema }),
          migrationTableName: 'klikkflow_migrations',
          migrationLockTableName: 'klikkflow_migrations_lock',
        });
        expect((await previous.migrateToLatest()).error).toBeUndefined();
        const execution = makeExecution({ status: 'running', startedAt: 5 });
        await createExecutionRepository(db).create(execution);
        expect((await connection.migrate()).applied).toEqual(['0002-leases']);
        expect(await leaseSnapshot(db, execution.id)).toMatchObject({
          status: 'running',
          epoch: 0,
          lease_owner: null,
          lease_until: null,
          cancel_requested: 0,
          recoveries: 0,
          recovery_sequence: null,
        });
        const leases = createExecutionLeaseRepository(db, dialect);
        expect(await leases.claim(execution.id, 'w1', 100, 1_000)).toMatchObject({
          epoch: 1,
          takeover: false,
        });
      } finally {
        if (dialect === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
        await connection.close();
      }
    },
  );
});
