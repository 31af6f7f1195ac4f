import { randomUUID } from 'node:crypto';
import { UserError } from '@klikkflow/types';
import type { Kysely, Selectable } from 'kysely';
import type { VariableRecord, VariableRepository } from './repositories.types.js';
import type { DatabaseSchema, VariablesTable } from './schema.js';
import { notFound, withConflictAsUserError } from './sql-helpers.js';

// A key must be usable as `$vars.key` in an expression, so it is a plain identifier.
const VARIABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkKey(key: string): string {
  if (!VARIABLE_KEY.test(key)) {
    throw new UserError(
      'VARIABLE_KEY_INVALID',
      `variable key "${key}" must start with a letter or underscore and hold only letters, digits and underscores`,
      { details: { key } },
    );
  }
  return key;
}

const conflictMessage = (key: string) => `a variable with key "${key}" already exists`;

function toVariableRecord(row: Selectable<VariablesTable>): VariableRecord {
  return { id: row.id, key: row.key, value: row.value, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Variables (`$vars`) over `variables`. */
export function createVariableRepository(db: Kysely<DatabaseSchema>): VariableRepository {
  return {
    async list() {
      // Insertion order, not key order: key order would follow each server's collation and differ by dialect.
      const rows = await db.selectFrom('variables').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toVariableRecord);
    },

    async create(variable) {
      const now = Date.now();
      const row: Selectable<VariablesTable> = {
        id: randomUUID(),
        key: checkKey(variable.key),
        value: variable.value,
        created_at: now,
        updated_at: now,
      };
      await withConflictAsUserError(
        () => db.insertInto('variables').values(row).execute(),
        conflictMessage(row.key),
        { key: row.key },
      );
      return toVariableRecord(row);
    },

    async update(id, patch) {
      const key = patch.key === undefined ? undefined : checkKey(patch.key);
      const row = await withConflictAsUserError(
        () =>
          db
            .updateTable('variables')
            .set({
              ...(key !== undefined ? { key } : {}),
              ...(patch.value !== undefined ? { value: patch.value } : {}),
              updated_at: Date.now(),
            })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst(),
        // Only a new key can collide, so `key` is set whenever this message is shown.
        conflictMessage(key ?? ''),
        { key },
      );
      if (!row) throw notFound('variable', id);
      return toVariableRecord(row);
    },

    async delete(id) {
      const result = await db.deleteFrom('variables').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async asRecord() {
      const rows = await db.selectFrom('variables').select(['key', 'value']).execute();
      // fromEntries defines own properties, so a key such as `__proto__` stays an ordinary entry.
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },
  };
}
