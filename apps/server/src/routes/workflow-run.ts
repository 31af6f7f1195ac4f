import { executionStatusSchema, itemSchema, UserError, type Workflow } from '@klikkflow/types';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { ExecutionOutcome } from '../executions/execution-job.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { idParams } from './route-schemas.js';
import type { WorkflowStore } from './workflow-store.js';

const nodeId = z.string().min(1).max(128);

const runBody = z
  .object({
    /** Replaces the workflow's pinned data for this run only. */
    pinData: z.record(z.string(), z.array(itemSchema)).optional(),
    startNodeId: nodeId.optional(),
    runFrom: nodeId.optional(),
    runTo: nodeId.optional(),
    triggerItems: z.array(itemSchema).optional(),
    wait: z.boolean().optional(),
  })
  .strict()
  .default({});

const startedSchema = z.object({ executionId: z.string() });

const finishedSchema = z.object({
  executionId: z.string(),
  status: executionStatusSchema,
  /** The `json` of the items on output 0 of the last node that ran (empty when it failed). */
  data: z.array(z.record(z.string(), z.unknown())),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** Refuses start and stop nodes the workflow does not have, before anything is stored. */
function checkNodes(workflow: Workflow, nodes: Record<string, string | undefined>): void {
  const ids = new Set(workflow.nodes.map((node) => node.id));
  for (const [field, id] of Object.entries(nodes)) {
    if (id !== undefined && !ids.has(id)) {
      throw new UserError('RUN_NODE_UNKNOWN', `${field}: the workflow has no node with id "${id}"`, {
        details: { field, nodeId: id },
      });
    }
  }
}

/** What a caller who waited hears about the run. */
function finishedBody(outcome: ExecutionOutcome): z.infer<typeof finishedSchema> {
  return {
    executionId: outcome.executionId,
    status: outcome.status,
    data: (outcome.output?.[0] ?? []).map((item) => item.json),
    ...(outcome.error && { error: { code: outcome.error.code, message: outcome.error.message } }),
  };
}

/** Manual runs and test webhooks of a stored workflow (part of the workflow routes). */
export function workflowRunRoutes(context: AppContext, store: WorkflowStore): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/workflows/:id/run',
      operationId: 'runWorkflow',
      summary:
        'Run a workflow by hand: 201 with the execution id at once, or with "wait": true 200 with its status ' +
        "and the last node's output once it ends (or parks)",
      tag: 'Workflows',
      access: 'authenticated',
      params: idParams,
      body: runBody,
      status: 201,
      response: z.union([startedSchema, finishedSchema]),
      handler: async ({ params, body, reply }) => {
        const { definition } = await store.load(params.id);
        const { wait, pinData, ...start } = body;
        const workflow = pinData === undefined ? definition : store.parse({ ...definition, pinData });
        checkNodes(workflow, { startNodeId: start.startNodeId, runFrom: start.runFrom, runTo: start.runTo });
        // The outcome, or the error that ended the run unreported (the database went away): thrown below.
        let settle: (result: { outcome: ExecutionOutcome } | { error: unknown }) => void = () => undefined;
        const finished = new Promise<{ outcome: ExecutionOutcome } | { error: unknown }>((resolve) => {
          settle = resolve;
        });
        const { executionId } = await context.executions.start({
          workflow,
          mode: 'manual',
          durable: true,
          ...start,
          ...(wait && {
            listener: {
              onFinish: (outcome) => settle({ outcome }),
              onFailure: (error) => settle({ error }),
            },
          }),
        });
        if (!wait) return { executionId };
        const result = await finished;
        if ('error' in result) throw result.error;
        reply.code(200).send(finishedBody(result.outcome));
        return undefined;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/workflows/:id/test-webhook',
      operationId: 'listenForTestWebhook',
      summary: "Listen for one call of each of the workflow's webhooks on /webhook-test/<path>",
      tag: 'Workflows',
      access: 'authenticated',
      params: idParams,
      response: z.object({ paths: z.array(z.string()), expiresAt: z.number() }),
      handler: async ({ params }) => context.triggers.listenForTest((await store.load(params.id)).definition),
    }),
  ];
}
