import type { Kysely, Selectable } from 'kysely';
import type { DatabaseDialect } from './connection.js';
import type { NewOutboxMessage, OutboxMessage, OutboxRepository } from './repositories.types.js';
import type { DatabaseSchema, OutboxTable } from './schema.js';
import { toJsonText, writeTransaction } from './sql-helpers.js';
import { timeOrderedId } from './time-ordered-id.js';

function toOutboxMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    topic: row.topic,
    payload: JSON.parse(row.payload),
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

/** Outbox rows for messages written together with another change (a payload JSON cannot hold throws). */
export function toOutboxRows(
  messages: readonly NewOutboxMessage[],
  createdAt: number,
): Selectable<OutboxTable>[] {
  return messages.map((message) => ({
    id: timeOrderedId(),
    topic: message.topic,
    payload: toJsonText(message.payload, `outbox payload of "${message.topic}"`),
    created_at: createdAt,
    attempts: 0,
  }));
}

/** The transactional outbox over `outbox`. */
export function createOutboxRepository(
  db: Kysely<DatabaseSchema>,
  dialect: DatabaseDialect,
): OutboxRepository {
  return {
    async add(message) {
      const [row] = toOutboxRows([message], Date.now()) as [Selectable<OutboxTable>];
      await db.insertInto('outbox').values(row).execute();
      return toOutboxMessage(row);
    },

    async relay(limit, deliver) {
      // SQLite reads a negative LIMIT as "no limit" and PostgreSQL rejects it; neither is what a caller means.
      const count = Math.floor(limit);
      if (!(count >= 1)) return 0;
      let undelivered: string[] = [];
      try {
        return await writeTransaction(db, dialect, async (trx) => {
          let select = trx.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id').limit(count);
          // Relays on other connections skip the rows this one holds instead of handing them out again.
          if (dialect === 'postgres') select = select.forUpdate().skipLocked();
          const rows = await select.execute();
          if (rows.length === 0) return 0;
          const ids = rows.map((row) => row.id);
          undelivered = ids;
          await deliver(rows.map(toOutboxMessage));
          undelivered = [];
          await trx.deleteFrom('outbox').where('id', 'in', ids).execute();
          return rows.length;
        });
      } catch (error) {
        // Counted after the rollback (which undid everything), in a statement of its own.
        if (undelivered.length > 0) await countFailedAttempt(db, undelivered);
        throw error;
      }
    },
  };
}

/** Best effort: the delivery error is the one the caller must see, the count only informs. */
async function countFailedAttempt(db: Kysely<DatabaseSchema>, ids: readonly string[]): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .execute()
    .catch(() => undefined);
}
