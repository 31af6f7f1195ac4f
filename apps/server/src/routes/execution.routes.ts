import type { ExecutionRecord } from '@klikkflow/database';
import {
  executionModeSchema,
  executionStatusSchema,
  type RunData,
  UserError,
  workflowSchema,
} from '@klikkflow/types';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { isTerminal } from '../executions/execution-service.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { described, idParams, notFound, pageOf, pageQuery } from './route-schemas.js';

const TAG = 'Executions';
const BASE = '/api/v1/executions';

/** An execution as lists show it. */
export const executionSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  mode: executionModeSchema,
  status: executionStatusSchema,
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  waitTill: z.number().optional(),
  retryOf: z.string().optional(),
  idempotencyKey: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }).optional(),
});

const detailSchema = executionSchema.extend({
  data: z.object({
    runData: described<RunData>({
      type: 'object',
      description: 'Node id → its runs in order (inputs, outputs, status, timing, error)',
      additionalProperties: { type: 'array', items: { type: 'object' } },
    }),
    /** The workflow snapshot the execution ran. */
    workflow: workflowSchema,
  }),
});

const statusList = z
  .string()
  .transform((text) => text.split(',').map((status) => status.trim()))
  .pipe(z.array(executionStatusSchema).min(1));

const listQuery = pageQuery
  .extend({ status: statusList.optional(), workflowId: z.string().min(1).max(128).optional() })
  .strict();

const executionNotFound = (id: string) => notFound('EXECUTION_NOT_FOUND', 'execution', id);

/** Executions: list, inspect, delete, retry, cancel. */
export function executionRoutes(context: AppContext): AnyRouteSpec[] {
  const repo = context.repos.executions;

  async function load(id: string): Promise<ExecutionRecord> {
    const record = await repo.get(id);
    if (!record) throw executionNotFound(id);
    return record;
  }

  return [
    defineRoute({
      method: 'GET',
      url: BASE,
      operationId: 'listExecutions',
      summary: 'Executions, newest first; ?status= takes a comma list (success,error...)',
      tag: TAG,
      access: 'authenticated',
      query: listQuery,
      response: pageOf(executionSchema),
      handler: async ({ query }) => {
        const page = await repo.list(query);
        return { data: page.items, nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id`,
      operationId: 'getExecution',
      summary: 'An execution with its run data and the workflow snapshot it ran',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: detailSchema,
      handler: async ({ params }) => {
        const detail = await repo.getDetail(params.id);
        if (!detail) throw executionNotFound(params.id);
        return { ...detail.record, data: { runData: detail.runData, workflow: detail.workflow } };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteExecution',
      summary:
        'Delete an execution that has ended (409 while it is queued, running or waiting: cancel it first)',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        const record = await load(params.id);
        if (!isTerminal(record.status)) {
          throw new UserError(
            'EXECUTION_STATE_CONFLICT',
            `execution "${record.id}" is ${record.status}: cancel it before deleting it`,
            { details: { id: record.id, status: record.status } },
          );
        }
        await repo.delete([record.id]);
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/delete`,
      operationId: 'deleteExecutions',
      summary:
        'Delete several executions that have ended; unknown ids are ignored and live ones are listed in "skipped"',
      tag: TAG,
      access: 'authenticated',
      body: z.object({ ids: z.array(z.string().min(1).max(128)).min(1).max(500) }).strict(),
      response: z.object({ deleted: z.number().int(), skipped: z.array(z.string()) }),
      handler: async ({ body }) => {
        const ended: string[] = [];
        const skipped: string[] = [];
        for (const id of new Set(body.ids)) {
          const record = await repo.get(id);
          if (record) (isTerminal(record.status) ? ended : skipped).push(id);
        }
        return { deleted: ended.length > 0 ? await repo.delete(ended) : 0, skipped };
      },
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/:id/retry`,
      operationId: 'retryExecution',
      summary: 'Run a failed or canceled execution again, from its failed node when it can',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 201,
      response: z.object({ executionId: z.string() }),
      handler: async ({ params }) => ({
        executionId: (await context.executions.retry(params.id)).executionId,
      }),
    }),
    defineRoute({
      method: 'POST',
      url: `${BASE}/:id/cancel`,
      operationId: 'cancelExecution',
      summary:
        'Cancel a queued, running or waiting execution; answers the record after (a running one may show ' +
        '"running" until it has stopped)',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: executionSchema,
      handler: async ({ params }) => {
        await context.executions.cancel(params.id);
        return load(params.id);
      },
    }),
  ];
}
