import { UserError } from '@klikkflow/types';
import type { ExecutionJob } from '../executions/execution-job.js';

/** Takeovers at the same checkpoint after which the step is taken to kill its workers (G5). */
export const QUARANTINE_AFTER = 3;

/** The node an execution runs next: the head of its committed stack, or its start node. */
function nextNodeOf(job: Pick<ExecutionJob, 'workflow' | 'start' | 'resume'>) {
  const id = job.resume?.state.stack[0]?.nodeId ?? job.resume?.state.parked?.nodeId ?? job.start.startNodeId;
  return job.workflow.nodes.find((node) => node.id === id);
}

/** The error that fails a quarantined execution, naming the step that kept killing its workers. */
export function quarantineError(job: Pick<ExecutionJob, 'workflow' | 'start' | 'resume'>): UserError {
  const node = nextNodeOf(job);
  const where = node ? `node "${node.name}"` : 'its next step';
  return new UserError(
    'EXECUTION_QUARANTINED',
    `the execution was quarantined: ${where} stopped its worker ${QUARANTINE_AFTER} times`,
    { details: { ...(node && { nodeId: node.id }), attempts: QUARANTINE_AFTER } },
  );
}
