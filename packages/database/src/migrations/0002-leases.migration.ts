import type { Kysely, Migration } from 'kysely';

/**
 * Leases on executions (scale mode: G5, G6): the claim epoch, the lease holder and its expiry, a requested
 * cancel, and the takeover count for quarantine (`ExecutionLeaseColumns` in schema.ts).
 */
export const leasesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    const columns = [
      db.schema.alterTable('executions').addColumn('epoch', 'integer', (c) => c.notNull().defaultTo(0)),
      db.schema.alterTable('executions').addColumn('lease_owner', 'text'),
      db.schema.alterTable('executions').addColumn('lease_until', 'bigint'),
      db.schema
        .alterTable('executions')
        .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0)),
      db.schema.alterTable('executions').addColumn('recoveries', 'integer', (c) => c.notNull().defaultTo(0)),
      db.schema.alterTable('executions').addColumn('recovery_sequence', 'integer'),
    ];
    for (const column of columns) await column.execute();
    // The reconciler's scan: running executions whose lease is absent or expired.
    await db.schema
      .createIndex('executions_lease')
      .on('executions')
      .columns(['status', 'lease_until'])
      .execute();
  },
};
