import type { Kysely } from 'kysely';
import type { SettingsRepository } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';
import { toJsonText } from './sql-helpers.js';

/** Instance settings over `settings`, one JSON value per key. */
export function createSettingsRepository(db: Kysely<DatabaseSchema>): SettingsRepository {
  return {
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row && (JSON.parse(row.value) as T);
    },

    async set(key, value) {
      const text = toJsonText(value, `setting "${key}"`);
      // INSERT … ON CONFLICT DO UPDATE: one atomic statement in both SQLite and PostgreSQL.
      await db
        .insertInto('settings')
        .values({ key, value: text })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
        .execute();
    },
  };
}
