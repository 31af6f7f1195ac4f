import type { Item } from '@klikkflow/types';
import type { CommitView, ExecutionOutcome } from '../executions/execution-job.js';

/** The outbox topic of "run this execution": the relay moves these rows onto the work queue. */
export const RUN_EXECUTION_TOPIC = 'execution.run';

/** An outbox row's payload for {@link RUN_EXECUTION_TOPIC}. */
export interface RunExecutionMessage {
  executionId: string;
  jobId: string;
  /** A resume webhook's items for the node the execution waits at. */
  data?: { parkedOutput: Item[] };
}

/**
 * The work queue job id of an execution at a claim epoch. Each generation gets its own id: the queue
 * drops an add whose id is still queued, so repeated hand-overs of one generation (the relay after a
 * crash, the reconciler) run it once, while a later generation (resumed from waiting, taken over after a
 * crash) is a new job.
 */
export function jobIdFor(executionId: string, epoch: number): string {
  return `${executionId}-e${epoch}`;
}

/** The outbox message that hands an execution at `epoch` to the workers. */
export function runExecutionMessage(
  executionId: string,
  epoch: number,
): { topic: string; payload: RunExecutionMessage } {
  return { topic: RUN_EXECUTION_TOPIC, payload: { executionId, jobId: jobIdFor(executionId, epoch) } };
}

/** Bus topic of the messages a worker sends to whoever waits on an execution in another process. */
export const outcomeTopic = (executionId: string): string => `outcome:${executionId}`;

/** What a worker tells a waiting caller in another process. */
export type OutcomeMessage =
  | { type: 'commit'; view: CommitView }
  | { type: 'end'; outcome: Omit<ExecutionOutcome, 'state'> };

/** Bus topic of cluster-wide control messages. */
export const CONTROL_TOPIC = 'control';

/** A control message: stop an execution, or reload a workflow's triggers after it changed. */
export type ControlMessage =
  | { type: 'cancel'; executionId: string }
  | { type: 'workflowChanged'; workflowId: string; active: boolean };
