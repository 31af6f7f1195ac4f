import { UserError } from '@klikkflow/types';
import type { Kysely, Selectable } from 'kysely';
import type { WebhookRepository, WebhookRoute } from './repositories.types.js';
import type { DatabaseSchema, WebhooksTable } from './schema.js';
import { isUniqueViolation, requireWorkflow } from './sql-helpers.js';

type RouteKey = Pick<WebhookRoute, 'method' | 'path'>;

/** The stored form of a route key: upper-case method, path without leading or trailing slashes. */
function routeKey(method: string, path: string): RouteKey {
  return { method: method.trim().toUpperCase(), path: path.trim().replace(/^\/+|\/+$/g, '') };
}

const toRoute = (row: Selectable<WebhooksTable>): WebhookRoute => ({
  method: row.method,
  path: row.path,
  workflowId: row.workflow_id,
  nodeId: row.node_id,
});

function pathTaken(route: RouteKey, workflowId: string, cause?: unknown): UserError {
  return new UserError(
    'WEBHOOK_PATH_TAKEN',
    `webhook ${route.method} /${route.path} is already used by workflow "${workflowId}"`,
    { details: { method: route.method, path: route.path, workflowId }, cause },
  );
}

/** The first of `routes` that a workflow other than `workflowId` holds, with its holder. */
async function firstHeldElsewhere(
  db: Kysely<DatabaseSchema>,
  workflowId: string,
  routes: readonly RouteKey[],
): Promise<{ route: RouteKey; holder: string } | undefined> {
  if (routes.length === 0) return undefined;
  const held = await db
    .selectFrom('webhooks')
    .select(['method', 'path', 'workflow_id'])
    .where('workflow_id', '<>', workflowId)
    .where((eb) => eb.or(routes.map((route) => eb.and({ method: route.method, path: route.path }))))
    .execute();
  for (const route of routes) {
    const hit = held.find((row) => row.method === route.method && row.path === route.path);
    if (hit) return { route, holder: hit.workflow_id };
  }
  return undefined;
}

/** Production webhook routes over Kysely; (method, path) is the primary key, so a route has one owner. */
export function createWebhookRepository(db: Kysely<DatabaseSchema>): WebhookRepository {
  return {
    async replaceForWorkflow(workflowId, routes) {
      const rows = routes.map((route) => ({
        ...routeKey(route.method, route.path),
        workflow_id: workflowId,
        node_id: route.nodeId,
      }));
      const seen = new Set<string>();
      for (const row of rows) {
        const key = `${row.method} ${row.path}`;
        if (seen.has(key)) throw pathTaken(row, workflowId);
        seen.add(key);
      }
      try {
        await db.transaction().execute(async (trx) => {
          const taken = await firstHeldElsewhere(trx, workflowId, rows);
          if (taken) throw pathTaken(taken.route, taken.holder);
          await trx.deleteFrom('webhooks').where('workflow_id', '=', workflowId).execute();
          if (rows.length === 0) return;
          await requireWorkflow(trx, workflowId);
          await trx.insertInto('webhooks').values(rows).execute();
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another workflow took a path between the check and the insert; name it (outside the aborted transaction).
        const taken = await firstHeldElsewhere(db, workflowId, rows);
        throw taken ? pathTaken(taken.route, taken.holder, error) : error;
      }
    },

    async removeForWorkflow(workflowId) {
      await db.deleteFrom('webhooks').where('workflow_id', '=', workflowId).execute();
    },

    async find(method, path) {
      const key = routeKey(method, path);
      const row = await db
        .selectFrom('webhooks')
        .selectAll()
        .where('method', '=', key.method)
        .where('path', '=', key.path)
        .executeTakeFirst();
      return row && toRoute(row);
    },

    async list() {
      const rows = await db.selectFrom('webhooks').selectAll().orderBy('path').orderBy('method').execute();
      return rows.map(toRoute);
    },
  };
}
