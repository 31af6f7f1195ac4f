import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { OutboxMessage, OutboxRepository } from './repositories.types.js';
import type { DatabaseSchema, OutboxTable } from './schema.js';
import { toJsonText } from './sql-helpers.js';

function toOutboxMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    topic: row.topic,
    payload: JSON.parse(row.payload),
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

/** The transactional outbox over `outbox`. */
export function createOutboxRepository(db: Kysely<DatabaseSchema>): OutboxRepository {
  return {
    async add(message) {
      const row: Selectable<OutboxTable> = {
        id: randomUUID(),
        topic: message.topic,
        payload: toJsonText(message.payload, `outbox payload of "${message.topic}"`),
        created_at: Date.now(),
        attempts: 0,
      };
      await db.insertInto('outbox').values(row).execute();
      return toOutboxMessage(row);
    },

    async take(limit) {
      // SQLite reads a negative LIMIT as "no limit" and PostgreSQL rejects it; neither is what a caller means.
      const count = Math.floor(limit);
      if (!(count >= 1)) return [];
      return db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('outbox')
          .selectAll()
          .orderBy('created_at')
          .orderBy('id')
          .limit(count)
          .execute();
        if (rows.length === 0) return [];
        await trx
          .updateTable('outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .execute();
        return rows.map((row) => toOutboxMessage({ ...row, attempts: row.attempts + 1 }));
      });
    },

    async remove(ids) {
      // `in ()` is not valid SQL.
      if (ids.length === 0) return;
      await db.deleteFrom('outbox').where('id', 'in', ids).execute();
    },
  };
}
