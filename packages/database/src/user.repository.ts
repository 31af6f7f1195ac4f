import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { UserRecord, UserRepository } from './repositories.types.js';
import type { DatabaseSchema, UsersTable } from './schema.js';
import { withConflictAsUserError } from './sql-helpers.js';

/** Maps a `users` row (or a joined row carrying all its columns) to a {@link UserRecord}. */
export function toUserRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    firstName: row.first_name,
    lastName: row.last_name,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Emails compare case-insensitively; storing and looking them up lower-cased keeps the unique index honest.
const normalizeEmail = (email: string): string => email.toLowerCase();

/** Users over `users`. */
export function createUserRepository(db: Kysely<DatabaseSchema>): UserRepository {
  return {
    async create(user) {
      const now = Date.now();
      const row: Selectable<UsersTable> = {
        id: randomUUID(),
        email: normalizeEmail(user.email),
        password_hash: user.passwordHash,
        first_name: user.firstName,
        last_name: user.lastName,
        role: user.role,
        created_at: now,
        updated_at: now,
      };
      await withConflictAsUserError(
        () => db.insertInto('users').values(row).execute(),
        `a user with email "${row.email}" already exists`,
        { email: row.email },
      );
      return toUserRecord(row);
    },

    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUserRecord(row);
    },

    async findByEmail(email) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', normalizeEmail(email))
        .executeTakeFirst();
      return row && toUserRecord(row);
    },

    async count() {
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // PostgreSQL's count is int8, which the connection parses to a number; SQLite gives a number already.
      return Number(n);
    },
  };
}
