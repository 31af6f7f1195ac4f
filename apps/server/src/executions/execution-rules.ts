import type { ExecutionDetail, ExecutionRecord } from '@klikkflow/database';
import { UserError } from '@klikkflow/types';
import type { StartData } from './execution-job.js';
import type { StartExecution } from './execution-service.js';

/** `EXECUTION_NOT_FOUND` for an unknown id. */
export function executionNotFound(id: string): UserError {
  return new UserError('EXECUTION_NOT_FOUND', `execution "${id}" does not exist`, { details: { id } });
}

/** `EXECUTION_STATE_CONFLICT`: the execution's status does not allow the operation. */
export function executionStateConflict(record: Pick<ExecutionRecord, 'id' | 'status'>, message: string) {
  return new UserError('EXECUTION_STATE_CONFLICT', message, {
    details: { id: record.id, status: record.status },
  });
}

/** Throws unless the execution can be canceled (it has not ended). */
export function cancelConflict(record: Pick<ExecutionRecord, 'id' | 'status'>): UserError {
  return executionStateConflict(
    record,
    `execution "${record.id}" is ${record.status} and cannot be canceled`,
  );
}

/** Throws unless the execution is `waiting` (only a waiting execution can be resumed). */
export function requireWaiting(record: ExecutionRecord): void {
  if (record.status !== 'waiting') {
    throw executionStateConflict(record, `execution "${record.id}" is ${record.status}, not waiting`);
  }
}

/** A resume that lost the compare-and-set to another resume or a cancel. */
export function resumeRaced(id: string): UserError {
  return new UserError('EXECUTION_STATE_CONFLICT', `execution "${id}" was resumed or canceled meanwhile`);
}

/**
 * The start of a retry of a failed or canceled execution: from its failed node, reusing the run data
 * before it, when that node is still in the workflow; else from the start again.
 */
export function retryRequestOf(detail: ExecutionDetail): StartExecution {
  return {
    workflow: detail.workflow,
    mode: 'retry',
    durable: true,
    retryOf: detail.record.id,
    ...retryStartOf(detail),
  };
}

function retryStartOf(detail: ExecutionDetail): StartData {
  const { record } = detail;
  if (record.status !== 'error' && record.status !== 'canceled') {
    throw executionStateConflict(
      record,
      `only failed or canceled executions can be retried; "${record.id}" is ${record.status}`,
    );
  }
  const failedNode = record.error?.nodeId;
  const canResumeFromNode =
    failedNode !== undefined && detail.workflow.nodes.some((n) => n.id === failedNode);
  return canResumeFromNode
    ? { runFrom: failedNode, previousRunData: detail.runData }
    : (detail.start as StartData);
}
