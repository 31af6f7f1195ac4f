import { randomUUID } from 'node:crypto';
import { UserError, type Workflow } from '@klikkflow/types';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

/** A tag name as stored: trimmed; an empty name throws `UserError` `TAG_NAME_INVALID`. */
export function tagName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw new UserError('TAG_NAME_INVALID', 'a tag name cannot be empty');
  return name;
}

/**
 * The canonical tag list of a definition: trimmed, without blanks or repeats, sorted. Sorting makes the
 * list recoverable from the (unordered) link rows, so summaries and definitions always agree.
 */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  const names = (tags ?? []).map((tag) => tag.trim()).filter((tag) => tag !== '');
  return [...new Set(names)].sort();
}

/** The definition as stored: its `tags` replaced by the canonical list (always present). */
export function withCanonicalTags(workflow: Workflow): Workflow & { tags: string[] } {
  return { ...workflow, tags: normalizeTags(workflow.tags) };
}

/** Makes the workflow's tag links exactly `names` (canonical), creating tags that do not exist yet. */
export async function linkTags(
  trx: Kysely<DatabaseSchema>,
  workflowId: string,
  names: readonly string[],
  now: number,
): Promise<void> {
  await trx.deleteFrom('workflow_tags').where('workflow_id', '=', workflowId).execute();
  if (names.length === 0) return;
  // "do nothing" on a taken name: a concurrent save creating the same tag must not fail this one.
  await trx
    .insertInto('tags')
    .values(names.map((name) => ({ id: randomUUID(), name, created_at: now })))
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const tags = await trx.selectFrom('tags').select('id').where('name', 'in', names).execute();
  await trx
    .insertInto('workflow_tags')
    .values(tags.map((tag) => ({ workflow_id: workflowId, tag_id: tag.id })))
    .execute();
}
