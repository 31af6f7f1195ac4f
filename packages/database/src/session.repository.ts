import type { Kysely } from 'kysely';
import type { SessionRepository } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';
import { toUserRecord } from './user.repository.js';

/** Sessions over `sessions`, joined with `users` on lookup. */
export function createSessionRepository(db: Kysely<DatabaseSchema>): SessionRepository {
  return {
    async create(session) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },

    async find(id, now) {
      // The session's own columns are aliased so they cannot collide with the user's `id` and `created_at`.
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select([
          'sessions.id as session_id',
          'sessions.created_at as session_created_at',
          'sessions.expires_at as session_expires_at',
        ])
        .where('sessions.id', '=', id)
        .where('sessions.expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        session: {
          id: row.session_id,
          userId: row.id,
          createdAt: row.session_created_at,
          expiresAt: row.session_expires_at,
        },
        user: toUserRecord(row),
      };
    },

    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },

    async deleteExpired(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
