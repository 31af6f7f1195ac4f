import { randomUUID } from 'node:crypto';
import type { Workflow } from '@klikkflow/types';
import type { Kysely } from 'kysely';
import type { TagRecord, TagRepository } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';
import { notFound, withConflictAsUserError } from './sql-helpers.js';
import { normalizeTags, tagName } from './workflow-tags.js';

/** Rewrites `definition.tags` of every workflow carrying the tag, keeping definitions equal to the links. */
async function rewriteTagged(
  trx: Kysely<DatabaseSchema>,
  tagId: string,
  change: (tags: string[]) => string[],
): Promise<void> {
  const rows = await trx
    .selectFrom('workflows')
    .innerJoin('workflow_tags', 'workflow_tags.workflow_id', 'workflows.id')
    .select(['workflows.id', 'workflows.definition'])
    .where('workflow_tags.tag_id', '=', tagId)
    .execute();
  for (const row of rows) {
    const definition = JSON.parse(row.definition) as Workflow;
    const tags = normalizeTags(change(definition.tags ?? []));
    await trx
      .updateTable('workflows')
      .set({ definition: JSON.stringify({ ...definition, tags }) })
      .where('id', '=', row.id)
      .execute();
  }
}

/** Tags with how many workflows carry each. */
function tagsWithUsage(db: Kysely<DatabaseSchema>) {
  return db
    .selectFrom('tags')
    .leftJoin('workflow_tags', 'workflow_tags.tag_id', 'tags.id')
    .select((eb) => [
      'tags.id',
      'tags.name',
      'tags.created_at',
      eb.fn.count<number>('workflow_tags.workflow_id').as('usage'),
    ])
    .groupBy(['tags.id', 'tags.name', 'tags.created_at']);
}

type TagRow = { id: string; name: string; created_at: number; usage: number };

const toRecord = (row: TagRow): TagRecord => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  usageCount: Number(row.usage),
});

/**
 * Tags over Kysely. A tag rename or delete also rewrites the workflow definitions that carry it (not
 * their version or `updatedAt`: the workflow itself did not change), in the same transaction.
 */
export function createTagRepository(db: Kysely<DatabaseSchema>): TagRepository {
  return {
    async list() {
      const rows = await tagsWithUsage(db).execute();
      // Sorted here, not by SQL: the dialects' collations order names differently.
      return rows.map(toRecord).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async create(raw) {
      const record: TagRecord = {
        id: randomUUID(),
        name: tagName(raw),
        createdAt: Date.now(),
        usageCount: 0,
      };
      await withConflictAsUserError(
        () =>
          db
            .insertInto('tags')
            .values({ id: record.id, name: record.name, created_at: record.createdAt })
            .execute(),
        `a tag named "${record.name}" already exists`,
        { name: record.name },
      );
      return record;
    },

    async rename(id, raw) {
      const name = tagName(raw);
      return withConflictAsUserError(
        () =>
          db.transaction().execute(async (trx) => {
            const tag = await trx.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst();
            if (!tag) throw notFound('tag', id);
            if (tag.name !== name) {
              await trx.updateTable('tags').set({ name }).where('id', '=', id).execute();
              await rewriteTagged(trx, id, (tags) => tags.map((t) => (t === tag.name ? name : t)));
            }
            return toRecord(await tagsWithUsage(trx).where('tags.id', '=', id).executeTakeFirstOrThrow());
          }),
        `a tag named "${name}" already exists`,
        { name },
      );
    },

    async delete(id) {
      return db.transaction().execute(async (trx) => {
        const tag = await trx.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst();
        if (!tag) return false;
        await rewriteTagged(trx, id, (tags) => tags.filter((t) => t !== tag.name));
        // The links cascade with the tag.
        await trx.deleteFrom('tags').where('id', '=', id).execute();
        return true;
      });
    },
  };
}
