import { randomUUID } from 'node:crypto';
import { renameNode } from '@klikkflow/engine';
import { exportN8nWorkflow, n8nImportReportSchema } from '@klikkflow/migrate';
import { UserError, workflowSchema } from '@klikkflow/types';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { idParams, listOf, notFound, pageOf, pageQuery, queryFlag } from './route-schemas.js';
import { importFormatSchema, parseImportFiles } from './workflow-import.js';
import { workflowRunRoutes } from './workflow-run.js';
import { createWorkflowStore } from './workflow-store.js';
import {
  exportFileName,
  withId,
  workflowFileBody,
  workflowRecordSchema,
  workflowSummarySchema,
} from './workflow-views.js';

const TAG = 'Workflows';
const BASE = '/api/v1/workflows';

const listQuery = pageQuery
  .extend({
    active: queryFlag.optional(),
    tag: z.string().min(1).max(128).optional(),
    name: z.string().min(1).max(256).optional(),
  })
  .strict();

const versionParams = idParams.extend({ version: z.coerce.number().int().min(1) }).strict();

const importedSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: z.boolean(),
  /** For an n8n file: what could not be carried over exactly. */
  report: n8nImportReportSchema.optional(),
});

/** `Name (copy)`, within the 256 characters a name may have. */
const copyName = (name: string): string => `${name.slice(0, 249)} (copy)`;

/** Workflows: CRUD, activation, versions, export and import, manual runs and test webhooks. */
export function workflowRoutes(context: AppContext): AnyRouteSpec[] {
  const store = createWorkflowStore(context);
  const repo = context.repos.workflows;
  const fileBody = workflowFileBody();
  return [
    defineRoute({
      method: 'GET',
      url: BASE,
      operationId: 'listWorkflows',
      summary: 'Workflows, most recently updated first; filter by active, tag or a name substring',
      tag: TAG,
      access: 'authenticated',
      query: listQuery,
      response: pageOf(workflowSummarySchema),
      handler: async ({ query }) => {
        const page = await repo.list(query);
        return { data: page.items, nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'POST',
      url: BASE,
      operationId: 'createWorkflow',
      summary: 'Create a workflow from a native workflow file (an id is minted when it has none)',
      tag: TAG,
      access: 'authenticated',
      body: fileBody,
      status: 201,
      response: workflowRecordSchema,
      handler: async ({ body }) => store.create(store.parse(withId(body))),
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id`,
      operationId: 'getWorkflow',
      summary: 'A workflow with its definition',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: workflowRecordSchema,
      handler: async ({ params }) => store.load(params.id),
    }),
    defineRoute({
      method: 'PUT',
      url: `${BASE}/:id`,
      operationId: 'replaceWorkflow',
      summary:
        'Replace the definition (a new version); ?expectedVersion= answers 409 when another write came first. ' +
        'An active workflow keeps its old version when its new triggers cannot be registered',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      query: z.object({ expectedVersion: z.coerce.number().int().min(1).optional() }).strict(),
      body: fileBody,
      response: workflowRecordSchema,
      handler: async ({ params, query, body }) => {
        if (body.id !== undefined && body.id !== params.id) {
          throw new UserError(
            'WORKFLOW_ID_MISMATCH',
            `the body's id "${String(body.id)}" is not "${params.id}"`,
            {
              details: { id: params.id },
            },
          );
        }
        return store.replace(params.id, store.parse({ ...body, id: params.id }), query.expectedVersion);
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteWorkflow',
      summary: 'Delete a workflow with its versions, after removing its triggers',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        await store.remove(params.id);
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/:id/activate`,
      operationId: 'activateWorkflow',
      summary: 'Register its triggers (webhooks, schedules) and mark it active',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: workflowRecordSchema,
      handler: async ({ params }) => store.activate(params.id),
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/:id/deactivate`,
      operationId: 'deactivateWorkflow',
      summary: 'Remove its triggers and mark it inactive',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: workflowRecordSchema,
      handler: async ({ params }) => store.deactivate(params.id),
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/:id/duplicate`,
      operationId: 'duplicateWorkflow',
      summary: 'Copy a workflow under a new id, named "<name> (copy)", inactive',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 201,
      response: workflowRecordSchema,
      handler: async ({ params }) => {
        const { definition } = await store.load(params.id);
        return store.create({ ...definition, id: randomUUID(), name: copyName(definition.name) });
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/:id/nodes/:nodeId/rename`,
      operationId: 'renameWorkflowNode',
      summary:
        'Rename a node and rewrite every reference to its old name ($(\'Old\'), $node["Old"], $items("Old")) ' +
        'in expressions and Code node source; stores a new version. 409 WF_NODE_NAME_TAKEN for a used name',
      tag: TAG,
      access: 'authenticated',
      params: idParams.extend({ nodeId: z.string().min(1).max(128) }).strict(),
      query: z.object({ expectedVersion: z.coerce.number().int().min(1).optional() }).strict(),
      body: z.object({ name: z.string().min(1).max(256) }).strict(),
      response: workflowRecordSchema,
      handler: async ({ params, query, body }) => {
        const { definition, version } = await store.load(params.id);
        const renamed = renameNode(definition, params.nodeId, body.name);
        return store.replace(params.id, renamed, query.expectedVersion ?? version);
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id/versions`,
      operationId: 'listWorkflowVersions',
      summary: 'The stored versions of a workflow, newest first',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: listOf(z.object({ version: z.number().int(), createdAt: z.number() })),
      handler: async ({ params }) => {
        await store.load(params.id);
        return { data: await repo.listVersions(params.id) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id/versions/:version`,
      operationId: 'getWorkflowVersion',
      summary: 'One stored version of a workflow',
      tag: TAG,
      access: 'authenticated',
      params: versionParams,
      response: z.object({ id: z.string(), version: z.number().int(), definition: workflowSchema }),
      handler: async ({ params }) => {
        const definition = await repo.getVersion(params.id, params.version);
        if (!definition) {
          throw notFound('WORKFLOW_VERSION_NOT_FOUND', 'workflow version', `${params.id}@${params.version}`);
        }
        return { id: params.id, version: params.version, definition };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id/export`,
      operationId: 'exportWorkflow',
      summary: 'The native workflow file exactly as stored, as a download',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: workflowSchema,
      handler: async ({ params, reply }) => {
        const { definition } = await store.load(params.id);
        reply.header(
          'content-disposition',
          `attachment; filename="${exportFileName(definition.name, definition.id)}"`,
        );
        return definition;
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id/export/n8n`,
      operationId: 'exportWorkflowAsN8n',
      summary:
        'The workflow as an n8n workflow file n8n can import, as a download; 400 EXPORT_N8N_UNSUPPORTED ' +
        'names a node n8n has no equivalent of',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: z.record(z.string(), z.unknown()),
      handler: async ({ params, reply }) => {
        const { definition } = await store.load(params.id);
        const file = exportN8nWorkflow(definition);
        reply.header(
          'content-disposition',
          `attachment; filename="${exportFileName(`${definition.name}.n8n`, definition.id)}"`,
        );
        return file;
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/import`,
      operationId: 'importWorkflows',
      summary:
        'Import one workflow file or an array of them, native or n8n (detected, or ?format=): all are ' +
        'validated first; a new id is created, an existing id gets a new version (not an error); n8n files ' +
        'are converted and each answer carries its import report; ?activate=true activates each',
      tag: TAG,
      access: 'authenticated',
      query: z.object({ activate: queryFlag.optional(), format: importFormatSchema.optional() }).strict(),
      body: z.union([fileBody, z.array(fileBody).min(1).max(100)]),
      response: listOf(importedSchema),
      handler: async ({ query, body }) => {
        const files = Array.isArray(body) ? body : [body];
        const parsed = await parseImportFiles(context, store, files, query.format ?? 'auto');
        const data = [];
        // One at a time: an import that fails part-way reports the first failure and keeps what came before.
        for (const { workflow, report } of parsed) {
          const stored = await store.importOne(workflow, query.activate ?? false);
          data.push(report ? { ...stored, report } : stored);
        }
        return { data };
      },
    }),
    ...workflowRunRoutes(context, store),
  ];
}
