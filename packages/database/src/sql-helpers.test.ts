import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationalError, UserError } from '@klikkflow/types';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  isDatabaseUnavailable,
  isUniqueViolation,
  notFound,
  optional,
  toBool,
  toJsonText,
  withConflictAsUserError,
} from './sql-helpers.js';

/** Runs `action` and returns what it threw (failing the test when it does not throw). */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('cursors', () => {
  it('round-trips through URL-safe text', () => {
    const cursor = { at: 1_700_000_000_123, id: 'a/b+c=d é' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['an object', Buffer.from('{"at":1,"id":"x"}').toString('base64url')],
    ['a short array', Buffer.from('[1]').toString('base64url')],
    ['wrong types', Buffer.from('["1","x"]').toString('base64url')],
    ['empty text', ''],
  ])('rejects %s with DB_CURSOR_INVALID', (_label, text) => {
    expect(thrownBy(() => decodeCursor(text))).toMatchObject({ code: 'DB_CURSOR_INVALID', intent: 'user' });
  });
});

describe('isUniqueViolation', () => {
  it('recognises the codes of both dialects', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })).toBe(true);
  });

  it('rejects other constraint failures and non-errors', () => {
    for (const value of [
      { code: '23503' },
      { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' },
      new Error('x'),
      null,
      'x',
    ]) {
      expect(isUniqueViolation(value)).toBe(false);
    }
  });

  it('recognises a real better-sqlite3 unique violation', () => {
    const database = new SqliteDatabase(':memory:');
    database.exec('create table t (k text primary key, u text unique)');
    database.exec("insert into t values ('a', 'x')");
    expect(isUniqueViolation(thrownBy(() => database.exec("insert into t values ('b', 'x')")))).toBe(true);
    expect(isUniqueViolation(thrownBy(() => database.exec("insert into t values ('a', 'y')")))).toBe(true);
    database.close();
  });
});

describe('withConflictAsUserError', () => {
  it('returns the result when nothing is violated', async () => {
    await expect(withConflictAsUserError(async () => 42, 'taken')).resolves.toBe(42);
  });

  it('turns a unique violation into DB_CONFLICT with details and cause', async () => {
    const violation = Object.assign(new Error('duplicate'), { code: '23505' });
    const error = await withConflictAsUserError(
      async () => {
        throw violation;
      },
      'the name is taken',
      { name: 'x' },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      code: 'DB_CONFLICT',
      message: 'the name is taken',
      details: { name: 'x' },
    });
    expect((error as Error).cause).toBe(violation);
  });

  it('passes other errors through unchanged', async () => {
    const other = Object.assign(new Error('fk'), { code: '23503' });
    await expect(
      withConflictAsUserError(async () => {
        throw other;
      }, 'taken'),
    ).rejects.toBe(other);
  });
});

describe('column helpers', () => {
  it('notFound names the missing thing', () => {
    expect(notFound('credential', 'c1')).toMatchObject({
      code: 'DB_NOT_FOUND',
      intent: 'user',
      details: { id: 'c1' },
      message: 'credential "c1" does not exist',
    });
  });

  it('toBool and optional convert column values', () => {
    expect([toBool(1), toBool(0), toBool(true), toBool(false)]).toEqual([true, false, true, false]);
    expect(optional(null)).toBeUndefined();
    expect(optional(0)).toBe(0);
  });

  it('toJsonText encodes JSON and refuses what JSON cannot hold', () => {
    expect(toJsonText({ a: [1, null, 'é'] }, 'v')).toBe('{"a":[1,null,"é"]}');
    expect(toJsonText(null, 'v')).toBe('null');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [undefined, () => 1, Symbol('s'), 1n, cyclic]) {
      expect(thrownBy(() => toJsonText(value, 'setting "x"'))).toMatchObject({
        code: 'DB_VALUE_NOT_JSON',
        message: 'setting "x" cannot be stored as JSON',
      });
    }
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    '57P01',
    '57P03',
    '08006',
    '08001',
    '08003',
    'SQLITE_BUSY',
    'SQLITE_BUSY_TIMEOUT',
    'SQLITE_IOERR',
    'SQLITE_IOERR_WRITE',
    'SQLITE_CANTOPEN',
    'DB_UNAVAILABLE',
  ])('recognises code %s', (code) => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'The database connection is not open',
  ])('recognises the message "%s"', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  it('looks through causes and aggregate errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new OperationalError('X', 'wrapped', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([new Error('a'), refused]))).toBe(true);
  });

  it('rejects query errors, bugs and non-errors', () => {
    for (const value of [
      { code: '23505' },
      { code: '42601' },
      { code: 'SQLITE_CONSTRAINT_UNIQUE' },
      { code: 'SQLITE_ERROR' },
      new Error('syntax error at or near "selec"'),
      new Error('a message mentioning Connection terminated later'),
      null,
      undefined,
      'ECONNREFUSED',
    ]) {
      expect(isDatabaseUnavailable(value)).toBe(false);
    }
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });

  it('recognises a real closed better-sqlite3 database', () => {
    const database = new SqliteDatabase(':memory:');
    database.close();
    expect(isDatabaseUnavailable(thrownBy(() => database.prepare('select 1')))).toBe(true);
  });

  it('recognises a real SQLite file that cannot be opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klikkflow-helpers-'));
    try {
      const error = thrownBy(() => new SqliteDatabase(join(dir, 'missing.db'), { fileMustExist: true }));
      expect(error).toMatchObject({ code: 'SQLITE_CANTOPEN' });
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
