import type { Repositories } from '@klikkflow/database';
import type { ExecutionJob, ExecutionOutcome } from './execution-job.js';
import type { ExecutionService } from './execution-service.js';

const ERROR_TRIGGER = 'core.errorTrigger';

/**
 * Starts the failed workflow's error workflow (`settings.errorWorkflow`) at its Error Trigger with n8n's
 * item shape. Resolves to the new execution id, or undefined when there is none to start (no setting,
 * a manual run, the workflow is its own error workflow, or the error workflow has no enabled Error Trigger).
 */
export async function startErrorWorkflow(input: {
  outcome: ExecutionOutcome;
  job: ExecutionJob;
  repos: Pick<Repositories, 'workflows'>;
  executions: ExecutionService;
}): Promise<string | undefined> {
  const { outcome, job } = input;
  const errorWorkflowId = job.workflow.settings.errorWorkflow;
  // Manual runs are someone watching the editor, as in n8n: they get no error workflow.
  if (errorWorkflowId === undefined || errorWorkflowId === job.workflow.id || job.mode === 'manual') {
    return undefined;
  }
  const record = await input.repos.workflows.get(errorWorkflowId);
  const trigger = record?.definition.nodes.find(
    (node) => node.type === ERROR_TRIGGER && node.disabled !== true,
  );
  if (!record || !trigger) return undefined;
  const lastNode = job.workflow.nodes.find((node) => node.id === outcome.lastNodeId);
  const started = await input.executions.start({
    workflow: record.definition,
    mode: 'trigger',
    durable: true,
    startNodeId: trigger.id,
    // One error run per failed execution, even if this is called twice.
    idempotencyKey: `error-of:${outcome.executionId}`,
    triggerItems: [
      {
        json: {
          execution: {
            id: outcome.executionId,
            mode: job.mode,
            ...(job.retryOf !== undefined && { retryOf: job.retryOf }),
            error: { message: outcome.error?.message ?? 'unknown error', code: outcome.error?.code },
            ...(lastNode && { lastNodeExecuted: lastNode.name }),
          },
          workflow: { id: job.workflow.id, name: job.workflow.name },
        },
      },
    ],
  });
  return started.executionId;
}
