import type { ExecutionErrorSummary } from '@klikkflow/database';
import type { ExecutionResult } from '@klikkflow/engine';
import type { Redactor } from '@klikkflow/security';
import { serializeError } from '@klikkflow/types';
import type { ExecutionOutcome } from './execution-job.js';

/** The outcome of an engine run that returned. */
export function outcomeOfResult(executionId: string, result: ExecutionResult): ExecutionOutcome {
  const outcome: ExecutionOutcome = {
    executionId,
    status: result.status,
    output: result.output,
    state: result.state,
    ...(result.lastNodeId !== undefined && { lastNodeId: result.lastNodeId }),
    ...(result.error && { error: result.error }),
  };
  if (result.error?.nodeId !== undefined) outcome.lastNodeId = result.error.nodeId;
  return outcome;
}

/** The outcome of an engine run that threw: the execution failed as a whole. */
export function outcomeOfFailure(executionId: string, error: unknown): ExecutionOutcome {
  return { executionId, status: 'error', output: null, error: serializeError(error) };
}

/** The error an outcome stores on its execution row, secrets redacted (G10). */
export function storedErrorOf(
  outcome: ExecutionOutcome,
  redactor: Redactor,
): ExecutionErrorSummary | undefined {
  return (
    outcome.error && {
      code: outcome.error.code,
      message: redactor.redactText(outcome.error.message),
      ...(outcome.lastNodeId !== undefined && { nodeId: outcome.lastNodeId }),
    }
  );
}

/** What callers hear (a waiting API call, a webhook's last-node answer): it carries no secret either (G10). */
export function redactedOutcome(outcome: ExecutionOutcome, redactor: Redactor): ExecutionOutcome {
  return {
    ...outcome,
    output: redactor.redact(outcome.output),
    ...(outcome.error && { error: redactor.redact(outcome.error) }),
  };
}
