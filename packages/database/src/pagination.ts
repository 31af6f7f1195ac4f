import { UserError } from '@klikkflow/types';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Page } from './repositories.types.js';
import { type Cursor, decodeCursor, encodeCursor } from './sql-helpers.js';

/** The largest page a list returns. */
export const MAX_PAGE_LIMIT = 500;

/** Checks a page size; anything but an integer in 1..500 throws `UserError` `DB_LIMIT_INVALID`. */
export function checkPageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new UserError('DB_LIMIT_INVALID', `a page holds 1 to ${MAX_PAGE_LIMIT} items, not ${limit}`, {
      details: { limit },
    });
  }
  return limit;
}

/**
 * The keyset condition "after the cursor" for a list ordered by (`atColumn` desc, `idColumn` desc): rows
 * strictly older, or as old with a smaller id, so pages neither repeat nor skip rows that tie on time.
 */
export function olderThanCursor(atColumn: string, idColumn: string, cursorText: string): RawBuilder<SqlBool> {
  const cursor: Cursor = decodeCursor(cursorText);
  const at = sql.ref(atColumn);
  return sql<SqlBool>`(${at} < ${cursor.at} or (${at} = ${cursor.at} and ${sql.ref(idColumn)} < ${cursor.id}))`;
}

/**
 * Turns rows fetched with `limit + 1` into a page: the extra row only tells that another page exists,
 * and the cursor points at the last row returned.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => Cursor,
  toItem: (row: Row) => Item,
): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
