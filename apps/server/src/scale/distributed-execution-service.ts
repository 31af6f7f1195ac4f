import { randomUUID } from 'node:crypto';
import { type ExecutionLeaseRepository, type ExecutionRepository, timeOrderedId } from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';
import { type Item, OperationalError, UserError } from '@klikkflow/types';
import {
  cancelConflict,
  executionNotFound,
  requireWaiting,
  resumeRaced,
  retryRequestOf,
} from '../executions/execution-rules.js';
import type { ExecutionService, StartExecution } from '../executions/execution-service.js';
import type { OutboxRelay } from './outbox-relay.js';
import type { RemoteOutcomes } from './remote-outcomes.js';
import { type ControlMessage, RUN_EXECUTION_TOPIC, runExecutionMessage } from './work-messages.js';

/** Waiting executions handed over per pass of the timer. */
const DUE_BATCH = 50;

/**
 * The execution service of scale mode's ingress processes (main and webhook): every execution is
 * committed with its outbox row before anyone is answered (G1), the relay feeds it to the workers, and
 * callers that wait for a result hear it from the worker through the bus.
 */
export function createDistributedExecutionService(deps: {
  executions: ExecutionRepository;
  leases: ExecutionLeaseRepository;
  relay: Pick<OutboxRelay, 'kick'>;
  outcomes: RemoteOutcomes;
  /** Sends a control message to every process (a cancel reaches the worker that runs the execution). */
  control(message: ControlMessage): void;
  clock: Clock;
  /** True while the workers' backlog is at capacity: new executions are refused (backpressure). */
  backlogFull(): boolean;
}): ExecutionService {
  const repo = deps.executions;
  let accepting = true;

  function refuseIfClosed(): void {
    if (!accepting) throw new OperationalError('SHUTTING_DOWN', 'the server is shutting down');
  }

  /** A hand-over to the workers, after a waiting execution's compare-and-set to running. */
  function handOverMessage(executionId: string, parkedOutput?: Item[]) {
    // A hand-over is a new generation of the execution's job: its own id, so the queue runs it.
    return {
      topic: RUN_EXECUTION_TOPIC,
      payload: {
        executionId,
        jobId: `${executionId}-h${randomUUID()}`,
        ...(parkedOutput && { data: { parkedOutput } }),
      },
    };
  }

  async function handOver(id: string, parkedOutput?: Item[]): Promise<boolean> {
    const moved = await deps.leases.handOver(id, ['waiting'], { waitTill: null }, [
      handOverMessage(id, parkedOutput),
    ]);
    if (moved) deps.relay.kick();
    return moved;
  }

  async function start(request: StartExecution) {
    refuseIfClosed();
    if (deps.backlogFull()) {
      throw new UserError('QUEUE_FULL', 'too many executions are waiting to run; try again later');
    }
    const { workflow, mode, durable: _durable, idempotencyKey, retryOf, listener, ...startData } = request;
    const executionId = timeOrderedId();
    // Listen before the workers can have it, so not even a fast end is missed.
    const unwatch = listener ? await deps.outcomes.watch(executionId, listener) : undefined;
    try {
      const { record, created } = await repo.create({
        id: executionId,
        workflowId: workflow.id,
        mode,
        status: 'new',
        workflow,
        start: startData,
        createdAt: deps.clock.now(),
        ...(retryOf !== undefined && { retryOf }),
        ...(idempotencyKey !== undefined && { idempotencyKey }),
        outbox: [runExecutionMessage(executionId, 0)],
      });
      if (!created) {
        unwatch?.();
        return { executionId: record.id, created: false };
      }
    } catch (error) {
      unwatch?.();
      throw error;
    }
    deps.relay.kick();
    return { executionId, created: true };
  }

  return {
    start,
    async cancel(id) {
      const result = await deps.leases.requestCancel(id, deps.clock.now());
      if (result === 'missing') throw executionNotFound(id);
      if (result === 'requested') deps.control({ type: 'cancel', executionId: id });
      if (result === 'conflict') {
        const record = await repo.get(id);
        if (!record) throw executionNotFound(id);
        throw cancelConflict(record);
      }
    },
    async retry(id) {
      const detail = await repo.getDetail(id);
      if (!detail) throw executionNotFound(id);
      return start(retryRequestOf(detail));
    },
    async resume(id, items, listener) {
      refuseIfClosed();
      const record = await repo.get(id);
      if (!record) throw executionNotFound(id);
      requireWaiting(record);
      const unwatch = listener ? await deps.outcomes.watch(id, listener) : undefined;
      if (!(await handOver(id, items))) {
        unwatch?.();
        throw resumeRaced(id);
      }
    },
    // Nothing is owned by one process here: the reconciler hands the workers whatever was left over.
    recover: async () => 0,
    async resumeDue() {
      if (!accepting) return 0;
      let resumed = 0;
      for (const record of await repo.listWaitingDue(deps.clock.now(), DUE_BATCH)) {
        if (await handOver(record.id)) resumed++;
      }
      return resumed;
    },
    stopAccepting() {
      accepting = false;
    },
  };
}
