import { errorCode, UserError } from '@klikkflow/types';
import { z } from 'zod';

/** `:id` of a resource. */
export const idParams = z.object({ id: z.string().min(1).max(128) }).strict();

/** The largest page the API hands out. */
export const MAX_API_PAGE = 250;

/** `?limit=` (1..250, default 50) and `?cursor=` of paginated lists. */
export const pageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_API_PAGE).default(50),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();

/** A query flag: `true` or `false` only (coercion would read `false` as true). */
export const queryFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `{ data: [...] }`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) });
}

/** `{ data: [...], nextCursor }`: pass `nextCursor` back as `?cursor=` for the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/**
 * A value of type `T` in an answer, documented by a JSON Schema instead of spelled out in zod. Answers
 * are not validated (their schemas only document), so this suits types zod would only describe loosely
 * anyway, such as recursive property specs and run data.
 */
export function described<T>(jsonSchema: Record<string, unknown>) {
  return z.custom<T>().meta(jsonSchema);
}

/** A `<KIND>_NOT_FOUND` error (404). */
export function notFound(code: string, what: string, id: string): UserError {
  return new UserError(code, `${what} "${id}" does not exist`, { details: { id } });
}

/**
 * Runs a repository write whose unknown id throws the generic `DB_NOT_FOUND`, answering the resource's
 * own code instead, so one resource always reports a missing id the same way.
 */
export async function orNotFound<T>(work: Promise<T>, error: () => UserError): Promise<T> {
  try {
    return await work;
  } catch (cause) {
    if (errorCode(cause) === 'DB_NOT_FOUND') throw error();
    throw cause;
  }
}
