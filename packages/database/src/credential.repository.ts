import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialRecord, CredentialRepository } from './repositories.types.js';
import type { CredentialsTable, DatabaseSchema } from './schema.js';
import { notFound, withConflictAsUserError } from './sql-helpers.js';

function toCredentialRecord(row: Selectable<CredentialsTable>): CredentialRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    data: row.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Credentials over `credentials`; `data` arrives already encrypted. */
export function createCredentialRepository(db: Kysely<DatabaseSchema>): CredentialRepository {
  return {
    async create(credential) {
      const now = Date.now();
      const row: Selectable<CredentialsTable> = {
        id: credential.id ?? randomUUID(),
        name: credential.name,
        type: credential.type,
        data: credential.data,
        created_at: now,
        updated_at: now,
      };
      await withConflictAsUserError(
        () => db.insertInto('credentials').values(row).execute(),
        `a credential with id "${row.id}" already exists`,
        { id: row.id },
      );
      return toCredentialRecord(row);
    },

    async get(id) {
      const row = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCredentialRecord(row);
    },

    async list(filter) {
      let query = db.selectFrom('credentials').selectAll();
      if (filter?.type !== undefined) query = query.where('type', '=', filter.type);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toCredentialRecord);
    },

    async update(id, patch) {
      const row = await db
        .updateTable('credentials')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.data !== undefined ? { data: patch.data } : {}),
          updated_at: Date.now(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('credential', id);
      return toCredentialRecord(row);
    },

    async delete(id) {
      const result = await db.deleteFrom('credentials').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
