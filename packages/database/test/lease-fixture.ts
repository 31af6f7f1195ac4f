import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../src/schema.js';

/** Everything a lease operation may change on one execution, as stored: to prove what changed and what did not. */
export async function leaseSnapshot(db: Kysely<DatabaseSchema>, id: string) {
  const row = await db
    .selectFrom('executions')
    .innerJoin('execution_data', 'execution_data.execution_id', 'executions.id')
    .select([
      'executions.status',
      'executions.epoch',
      'executions.lease_owner',
      'executions.lease_until',
      'executions.cancel_requested',
      'executions.recoveries',
      'executions.recovery_sequence',
      'executions.started_at',
      'executions.finished_at',
      'executions.wait_till',
      'executions.error_code',
      'execution_data.sequence',
      'execution_data.state',
    ])
    .where('executions.id', '=', id)
    .executeTakeFirst();
  const runs = await db
    .selectFrom('execution_node_runs')
    .select(['node_id', 'run_index', 'data'])
    .where('execution_id', '=', id)
    .orderBy('node_id')
    .orderBy('run_index')
    .execute();
  return row && { ...row, runs };
}

/** The outbox messages whose payload is `{ executionId: id, ... }`. */
export async function outboxOf(db: Kysely<DatabaseSchema>, id: string) {
  const rows = await db.selectFrom('outbox').select(['topic', 'payload']).execute();
  return rows
    .map((row) => ({ topic: row.topic, payload: JSON.parse(row.payload) as { executionId?: string } }))
    .filter((message) => message.payload.executionId === id);
}
