import { UserError } from '@klikkflow/types';
import { type Kysely, sql } from 'kysely';
import type { DatabaseDialect } from './connection.js';
import type { DatabaseSchema } from './schema.js';

/** True when `error` is a unique or primary-key violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL: SQLSTATE 23505. better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs `action`, turning a unique violation into `UserError` `DB_CONFLICT` with `message`. */
export async function withConflictAsUserError<T>(
  action: () => Promise<T>,
  message: string,
  details?: Record<string, unknown>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError('DB_CONFLICT', message, { details, cause: error });
    throw error;
  }
}

/** `UserError` `DB_NOT_FOUND` naming what was missing. */
export function notFound(what: string, id: string): UserError {
  return new UserError('DB_NOT_FOUND', `${what} "${id}" does not exist`, { details: { id } });
}

/** A list cursor: the sort key and id of the last row of the previous page. */
export interface Cursor {
  at: number;
  id: string;
}

/** Encodes a cursor as opaque URL-safe text. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Decodes a cursor; anything malformed throws `UserError` `DB_CURSOR_INVALID`. */
export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new UserError('DB_CURSOR_INVALID', 'the cursor is not one this server issued');
}

/** 0/1 column → boolean. */
export const toBool = (value: number | boolean): boolean => value === 1 || value === true;

/** Nullable column → optional property value. */
export const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** Encodes a JSON column value; a value JSON cannot hold (undefined, a function, a cycle, a bigint) throws `UserError` `DB_VALUE_NOT_JSON`. */
export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new UserError('DB_VALUE_NOT_JSON', `${what} cannot be stored as JSON`, { cause: error });
  }
  // JSON.stringify returns undefined (not text) for undefined, functions and symbols.
  if (text === undefined) throw new UserError('DB_VALUE_NOT_JSON', `${what} cannot be stored as JSON`);
  return text;
}

// Codes of errors meaning "the database cannot be reached right now", as opposed to a bad query.
const UNAVAILABLE_CODES = new Set([
  // Node sockets (pg).
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL SQLSTATEs: admin/crash shutdown, cannot connect now, connection exceptions.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  // Our own wrapper (DatabaseConnection.ping).
  'DB_UNAVAILABLE',
]);
// better-sqlite3 extended codes: SQLITE_BUSY_TIMEOUT, SQLITE_IOERR_WRITE, SQLITE_CANTOPEN_ISDIR, …
const UNAVAILABLE_CODE_PREFIXES = ['SQLITE_BUSY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN'];
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // pg, when the server or the socket goes away
  /^Client has encountered a connection error and is not queryable/, // pg, a client whose socket died
  /^timeout exceeded when trying to connect/, // pg-pool
  /^The database connection is not open/, // better-sqlite3 after close()
];

/**
 * True when `error` (or an error it wraps through `cause` or an `AggregateError`) is a connection-level
 * failure in either dialect: worth a 503 and a retry, not a bug or bad input.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailableWithin(error, 0);
}

// Depth-bounded, so a cause cycle cannot loop forever.
function unavailableWithin(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (UNAVAILABLE_CODES.has(code)) return true;
    if (UNAVAILABLE_CODE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
    return true;
  if (Array.isArray(errors) && errors.some((inner) => unavailableWithin(inner, depth + 1))) return true;
  return unavailableWithin(cause, depth + 1);
}

/** Throws `DB_NOT_FOUND` unless the workflow exists (inside a transaction, before rows that belong to it). */
export async function requireWorkflow(db: Kysely<DatabaseSchema>, workflowId: string): Promise<void> {
  const workflow = await db
    .selectFrom('workflows')
    .select('id')
    .where('id', '=', workflowId)
    .executeTakeFirst();
  if (!workflow) throw notFound('workflow', workflowId);
}

/**
 * Runs `work` in a transaction that takes the write lock before its first statement. SQLite: `begin
 * immediate`, because a plain (deferred) transaction of another connection could read the same rows
 * first and only fail at its first write, after acting on them. PostgreSQL: an ordinary transaction;
 * `work` locks what it reads (`for update`) where another connection could race it.
 */
export function writeTransaction<T>(
  db: Kysely<DatabaseSchema>,
  dialect: DatabaseDialect,
  work: (trx: Kysely<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  // Kysely's SQLite driver issues a plain `begin`; a held connection lets us choose the kind.
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      // Some SQLite errors end the transaction themselves, and then `rollback` fails too; the first
      // error is the one that explains what happened.
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}
