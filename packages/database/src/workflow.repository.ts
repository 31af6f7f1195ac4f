import { UserError, type Workflow } from '@klikkflow/types';
import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { checkPageLimit, olderThanCursor, toPage } from './pagination.js';
import type { WorkflowRecord, WorkflowRepository, WorkflowSummary } from './repositories.types.js';
import type { DatabaseSchema, WorkflowsTable } from './schema.js';
import { notFound, toBool, withConflictAsUserError } from './sql-helpers.js';
import { linkTags, withCanonicalTags } from './workflow-tags.js';

type WorkflowRow = Selectable<WorkflowsTable>;

function toRecord(row: WorkflowRow): WorkflowRecord {
  const definition = JSON.parse(row.definition) as Workflow;
  return {
    id: row.id,
    name: row.name,
    active: toBool(row.active),
    version: row.version,
    tags: definition.tags ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    definition,
  };
}

/** Escapes LIKE wildcards so the user's `%` and `_` match themselves (escape character `\`). */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/** Case-insensitive substring match on the name; `escape` is explicit because SQLite has no default. */
function nameContains(text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref('workflows.name')}) like lower(${likeContains(text)}) escape '\\'`;
}

/** Tag names per workflow id, for a page of summaries (the links are the index; definitions stay unread). */
async function tagsOf(db: Kysely<DatabaseSchema>, ids: readonly string[]): Promise<Map<string, string[]>> {
  const byWorkflow = new Map<string, string[]>();
  if (ids.length === 0) return byWorkflow;
  const rows = await db
    .selectFrom('workflow_tags')
    .innerJoin('tags', 'tags.id', 'workflow_tags.tag_id')
    .select(['workflow_tags.workflow_id', 'tags.name'])
    .where('workflow_tags.workflow_id', 'in', ids)
    .execute();
  for (const row of rows) {
    const names = byWorkflow.get(row.workflow_id) ?? [];
    names.push(row.name);
    byWorkflow.set(row.workflow_id, names);
  }
  // Same order as the canonical `definition.tags`, so a summary and its record agree.
  for (const names of byWorkflow.values()) names.sort();
  return byWorkflow;
}

/** Workflows over Kysely: the current row in `workflows`, every version in `workflow_versions`. */
export function createWorkflowRepository(db: Kysely<DatabaseSchema>): WorkflowRepository {
  return {
    async create(workflow, options = {}) {
      const now = Date.now();
      const definition = withCanonicalTags(workflow);
      const text = JSON.stringify(definition);
      const row: WorkflowRow = {
        id: workflow.id,
        name: workflow.name,
        active: options.active ? 1 : 0,
        definition: text,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await withConflictAsUserError(
        () =>
          db.transaction().execute(async (trx) => {
            await trx.insertInto('workflows').values(row).execute();
            await trx
              .insertInto('workflow_versions')
              .values({ workflow_id: workflow.id, version: 1, definition: text, created_at: now })
              .execute();
            await linkTags(trx, workflow.id, definition.tags, now);
          }),
        `workflow "${workflow.id}" already exists`,
        { id: workflow.id },
      );
      return toRecord(row);
    },

    async get(id) {
      const row = await db.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(query) {
      const limit = checkPageLimit(query.limit);
      let select = db
        .selectFrom('workflows')
        .select(['id', 'name', 'active', 'version', 'created_at', 'updated_at']);
      if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
      if (query.tag !== undefined) {
        const tag = query.tag;
        select = select.where((eb) =>
          eb.exists(
            eb
              .selectFrom('workflow_tags')
              .innerJoin('tags', 'tags.id', 'workflow_tags.tag_id')
              .select('workflow_tags.tag_id')
              .whereRef('workflow_tags.workflow_id', '=', 'workflows.id')
              .where('tags.name', '=', tag),
          ),
        );
      }
      if (query.name) select = select.where(nameContains(query.name));
      if (query.cursor !== undefined) {
        select = select.where(olderThanCursor('workflows.updated_at', 'workflows.id', query.cursor));
      }
      const rows = await select
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const tags = await tagsOf(
        db,
        rows.slice(0, limit).map((row) => row.id),
      );
      return toPage(
        rows,
        limit,
        (row) => ({ at: row.updated_at, id: row.id }),
        (row): WorkflowSummary => ({
          id: row.id,
          name: row.name,
          active: toBool(row.active),
          version: row.version,
          tags: tags.get(row.id) ?? [],
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        }),
      );
    },

    async listActive() {
      const rows = await db
        .selectFrom('workflows')
        .selectAll()
        .where('active', '=', 1)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async update(id, workflow, expectedVersion) {
      if (workflow.id !== id) {
        throw new UserError('DB_ID_MISMATCH', `the definition's id "${workflow.id}" is not "${id}"`, {
          details: { id, definitionId: workflow.id },
        });
      }
      const now = Date.now();
      const definition = withCanonicalTags(workflow);
      const text = JSON.stringify(definition);
      return db.transaction().execute(async (trx) => {
        // The version check and the bump are one statement, so two saves of the same version cannot both win.
        let update = trx
          .updateTable('workflows')
          .set((eb) => ({
            name: workflow.name,
            definition: text,
            version: eb('version', '+', 1),
            updated_at: now,
          }))
          .where('id', '=', id);
        if (expectedVersion !== undefined) update = update.where('version', '=', expectedVersion);
        const row = await update.returningAll().executeTakeFirst();
        if (!row) {
          const current = await trx
            .selectFrom('workflows')
            .select('version')
            .where('id', '=', id)
            .executeTakeFirst();
          if (!current) throw notFound('workflow', id);
          throw new UserError(
            'DB_VERSION_CONFLICT',
            `workflow "${id}" is at version ${current.version}, not ${expectedVersion}`,
            { details: { id, expectedVersion, currentVersion: current.version } },
          );
        }
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: id, version: row.version, definition: text, created_at: now })
          .execute();
        await linkTags(trx, id, definition.tags, now);
        return toRecord(row);
      });
    },

    async setActive(id, active) {
      const row = await db
        .updateTable('workflows')
        .set({ active: active ? 1 : 0 })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('workflow', id);
      return toRecord(row);
    },

    async delete(id) {
      // Versions, tag links, webhooks and schedules cascade (foreign keys on both dialects).
      const result = await db.deleteFrom('workflows').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async listVersions(id) {
      const rows = await db
        .selectFrom('workflow_versions')
        .select(['version', 'created_at'])
        .where('workflow_id', '=', id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((row) => ({ version: row.version, createdAt: row.created_at }));
    },

    async getVersion(id, version) {
      const row = await db
        .selectFrom('workflow_versions')
        .select('definition')
        .where('workflow_id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return row && (JSON.parse(row.definition) as Workflow);
    },
  };
}
