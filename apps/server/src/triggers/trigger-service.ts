import type { WebhookRepository } from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';
import { UserError, type Workflow } from '@klikkflow/types';
import type { TriggerService } from '../app-context.js';
import type { ScheduleRunner } from './schedule-runner.js';
import type { WebhookTarget } from './webhook-handler.js';
import {
  ERROR_TRIGGER_NODE,
  enabledNodes,
  SCHEDULE_NODE,
  type WebhookTable,
  webhookRoutesOf,
} from './webhook-routes.js';

/** How long a test webhook listens (n8n's editor waits 120 s too). */
export const TEST_WEBHOOK_TTL_MS = 120_000;

/** Trigger types a workflow can be activated with. */
const ACTIVATING_TYPES = [SCHEDULE_NODE, ERROR_TRIGGER_NODE, 'core.executeWorkflowTrigger'];

/** Creates the trigger service over the in-memory webhook tables, the stored routes and the scheduler. */
export function createTriggerService(deps: {
  webhooks: WebhookRepository;
  production: WebhookTable<WebhookTarget>;
  test: WebhookTable<WebhookTarget>;
  schedules: ScheduleRunner;
  clock: Clock;
}): TriggerService & { load(workflow: Workflow): Promise<void>; unload(workflowId: string): Promise<void> } {
  /** Puts an active workflow's triggers in memory (start-up, after its routes are stored). */
  async function load(workflow: Workflow): Promise<void> {
    deps.production.set(workflow.id, webhookRoutesOf(workflow), { workflow });
    await deps.schedules.set(workflow);
  }

  /** Takes a workflow's triggers out of memory, leaving its stored routes and schedules alone. */
  async function unload(workflowId: string): Promise<void> {
    deps.production.remove(workflowId);
    deps.schedules.forget(workflowId);
  }

  return {
    load,
    unload,
    async activate(workflow) {
      const routes = webhookRoutesOf(workflow);
      const hasTrigger =
        routes.length > 0 || ACTIVATING_TYPES.some((type) => enabledNodes(workflow, type).length > 0);
      if (!hasTrigger) {
        throw new UserError(
          'WORKFLOW_NO_TRIGGER',
          `workflow "${workflow.name}" has no webhook, schedule, error or sub-workflow trigger to activate`,
        );
      }
      // The stored routes are the arbiter of paths across workflows: a taken path fails here, before memory changes.
      await deps.webhooks.replaceForWorkflow(
        workflow.id,
        routes.map(({ method, path, nodeId }) => ({ method, path, nodeId })),
      );
      await load(workflow);
    },
    async deactivate(workflowId) {
      deps.production.remove(workflowId);
      await deps.webhooks.removeForWorkflow(workflowId);
      await deps.schedules.remove(workflowId);
    },
    listenForTest(workflow) {
      const routes = webhookRoutesOf(workflow);
      if (routes.length === 0) {
        throw new UserError('WORKFLOW_NO_WEBHOOK', `workflow "${workflow.name}" has no enabled Webhook node`);
      }
      const expiresAt = deps.clock.now() + TEST_WEBHOOK_TTL_MS;
      deps.test.set(workflow.id, routes, { workflow, expiresAt });
      return { paths: [...new Set(routes.map((route) => `/webhook-test/${route.path}`))], expiresAt };
    },
  };
}
