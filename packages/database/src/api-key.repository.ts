import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyRecord, ApiKeyRepository } from './repositories.types.js';
import type { ApiKeysTable, DatabaseSchema } from './schema.js';
import { optional, withConflictAsUserError } from './sql-helpers.js';
import { toUserRecord } from './user.repository.js';

function toApiKeyRecord(row: Omit<Selectable<ApiKeysTable>, 'key_hash'>): ApiKeyRecord {
  return {
    id: row.id,
    userId: row.user_id,
    label: row.label,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: optional(row.last_used_at),
    revokedAt: optional(row.revoked_at),
  };
}

// Every column but the hash, which never leaves the repository.
const LISTED_COLUMNS = [
  'id',
  'user_id',
  'label',
  'prefix',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

/** API keys over `api_keys`; only hashes are stored. */
export function createApiKeyRepository(db: Kysely<DatabaseSchema>): ApiKeyRepository {
  return {
    async create(key) {
      const row: Selectable<ApiKeysTable> = {
        id: randomUUID(),
        user_id: key.userId,
        label: key.label,
        key_hash: key.keyHash,
        prefix: key.prefix,
        created_at: Date.now(),
        last_used_at: null,
        revoked_at: null,
      };
      await withConflictAsUserError(
        () => db.insertInto('api_keys').values(row).execute(),
        'an API key with this hash already exists',
      );
      return toApiKeyRecord(row);
    },

    async findActiveByHash(keyHash) {
      // The key's columns are aliased so they cannot collide with the user's `id` and `created_at`.
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .selectAll('users')
        .select([
          'api_keys.id as key_id',
          'api_keys.label as key_label',
          'api_keys.prefix as key_prefix',
          'api_keys.created_at as key_created_at',
          'api_keys.last_used_at as key_last_used_at',
        ])
        .where('api_keys.key_hash', '=', keyHash)
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const key = toApiKeyRecord({
        id: row.key_id,
        user_id: row.id,
        label: row.key_label,
        prefix: row.key_prefix,
        created_at: row.key_created_at,
        last_used_at: row.key_last_used_at,
        revoked_at: null,
      });
      return { key, user: toUserRecord(row) };
    },

    async listForUser(userId) {
      const rows = await db
        .selectFrom('api_keys')
        .select(LISTED_COLUMNS)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toApiKeyRecord);
    },

    async revoke(id, userId, now) {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async touch(id, now) {
      await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },
  };
}
