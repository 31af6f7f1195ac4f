import type { ExecutionRepository } from '@klikkflow/database';
import type { EventBus } from '@klikkflow/queue';
import { TERMINAL_STATUSES } from '@klikkflow/types';
import type { ExecutionListener, ExecutionOutcome } from '../executions/execution-job.js';
import { type OutcomeMessage, outcomeTopic } from './work-messages.js';

/** Waits, in an ingress process, for what a worker reports about an execution it runs. */
export interface RemoteOutcomes {
  /**
   * Delivers the execution's commits and end to `listener`. Resolves once listening, so call it before
   * the execution is handed to the workers; the returned function stops listening (idempotent).
   */
  watch(executionId: string, listener: ExecutionListener): Promise<() => void>;
}

/** The outcome the database holds for an execution that ended or parked, when the message was lost. */
async function storedOutcome(
  executions: Pick<ExecutionRepository, 'get' | 'getDetail'>,
  executionId: string,
): Promise<ExecutionOutcome | undefined> {
  // The lean row first: most polls find the execution still running, and need no run data.
  const row = await executions.get(executionId);
  if (!row || (row.status !== 'waiting' && !TERMINAL_STATUSES.includes(row.status))) return undefined;
  const detail = await executions.getDetail(executionId);
  if (!detail) return undefined;
  const { record } = detail;
  const lastNodeId = detail.state?.lastNodeId;
  const lastRun = lastNodeId === undefined ? undefined : detail.runData[lastNodeId]?.at(-1);
  return {
    executionId,
    status: record.status,
    output: lastRun?.outputs ?? null,
    ...(lastNodeId !== undefined && { lastNodeId }),
    ...(record.error && {
      // The row keeps the code and message; the intent is not stored and does not change the answer.
      error: { code: record.error.code, message: record.error.message, intent: 'operational' },
    }),
  };
}

/**
 * Listens on the execution's bus topic; the database is read every `pollMs` as well, so a message lost
 * with a Redis restart delays the answer but never leaves the caller waiting for ever.
 */
export function createRemoteOutcomes(deps: {
  bus: EventBus<OutcomeMessage>;
  executions: Pick<ExecutionRepository, 'get' | 'getDetail'>;
  pollMs: number;
}): RemoteOutcomes {
  return {
    async watch(executionId, listener) {
      let done = false;
      const stop = () => {
        done = true;
        unsubscribe();
        clearInterval(timer);
      };
      const finish = (outcome: ExecutionOutcome) => {
        if (done) return;
        stop();
        listener.onFinish?.(outcome);
      };
      const unsubscribe = deps.bus.subscribe(outcomeTopic(executionId), (message) => {
        if (done) return;
        if (message.type === 'end') finish(message.outcome);
        // Stored already: a worker commits before it reports.
        else void listener.onCommit?.(message.view, async () => undefined);
      });
      let polling = false;
      const timer = setInterval(() => {
        if (polling || done) return;
        polling = true;
        storedOutcome(deps.executions, executionId)
          .then((outcome) => outcome && finish(outcome))
          .catch(() => undefined)
          .finally(() => {
            polling = false;
          });
      }, deps.pollMs);
      timer.unref();
      await deps.bus.ready();
      return stop;
    },
  };
}
