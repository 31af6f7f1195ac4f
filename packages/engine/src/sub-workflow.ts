import type { SubWorkflowRequest } from '@klikkflow/plugin-sdk';
import {
  AppError,
  type Item,
  issuesFromZod,
  UserError,
  type Workflow,
  type WorkflowNode,
  workflowSchema,
} from '@klikkflow/types';
import type { AbortSource } from './cancellation.js';
import type { RunContext } from './run-context.js';

async function loadWorkflow(run: RunContext, request: SubWorkflowRequest): Promise<Workflow> {
  if ('workflowId' in request.source) {
    const loader = run.setup.ports.workflows;
    if (!loader) {
      throw new UserError(
        'NODE_SUBWORKFLOW_UNAVAILABLE',
        'sub-workflows by id need a workflow loader, and none is set',
      );
    }
    return loader.load(request.source.workflowId);
  }
  const raw =
    typeof request.source.workflow === 'string'
      ? parseJson(request.source.workflow)
      : request.source.workflow;
  const parsed = workflowSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = issuesFromZod(parsed.error).map((issue) => `${issue.path}: ${issue.message}`);
    throw new UserError('NODE_SUBWORKFLOW_INVALID', `the sub-workflow is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      'NODE_SUBWORKFLOW_INVALID',
      `the sub-workflow JSON does not parse: ${(error as Error).message}`,
    );
  }
}

/**
 * Runs another workflow as a child execution with the given items. Waiting: resolves to the child's last
 * node output, or throws its error. Fire-and-forget: starts the child and resolves to null at once.
 */
export async function runSubWorkflow(
  run: RunContext,
  caller: WorkflowNode,
  request: SubWorkflowRequest,
  cancellation: AbortSource,
): Promise<Item[][] | null> {
  if (run.depth + 1 > run.setup.limits.maxSubWorkflowDepth) {
    throw new UserError(
      'NODE_SUBWORKFLOW_TOO_DEEP',
      `sub-workflows nest deeper than ${run.setup.limits.maxSubWorkflowDepth} levels (called from "${caller.name}")`,
    );
  }
  const workflow = await loadWorkflow(run, request);
  if (workflow.settings.callerPolicy === 'none') {
    throw new UserError(
      'NODE_SUBWORKFLOW_FORBIDDEN',
      `workflow "${workflow.name}" does not allow being called`,
    );
  }
  const child = run.setup.run({
    workflow,
    mode: 'subworkflow',
    triggerItems: request.items,
    depth: run.depth + 1,
    usePinData: false,
    ...(request.wait ? { signal: cancellation } : {}),
  });
  if (!request.wait) {
    // Fire-and-forget: the caller goes on; a failure of the child is its own execution's business.
    child.catch(() => undefined);
    return null;
  }
  const result = await child;
  if (result.status !== 'success') {
    const reason = result.error ? `${result.error.code}: ${result.error.message}` : result.status;
    throw new AppError(
      'NODE_SUBWORKFLOW_FAILED',
      `sub-workflow "${workflow.name}" ended with ${reason}`,
      'user',
      {
        details: { workflowId: workflow.id, executionId: result.executionId, status: result.status },
      },
    );
  }
  return result.output ?? [[]];
}
