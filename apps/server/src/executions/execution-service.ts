import {
  type ExecutionDetail,
  type ExecutionRecord,
  type ExecutionRepository,
  timeOrderedId,
} from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';
import type { JobQueue } from '@klikkflow/queue';
import {
  type ExecutionMode,
  type Item,
  OperationalError,
  TERMINAL_STATUSES,
  UserError,
  type Workflow,
} from '@klikkflow/types';
import {
  type ExecutionJob,
  type ExecutionListener,
  type StartData,
  startDataOf,
  storedJobOf,
} from './execution-job.js';
import {
  cancelConflict,
  executionNotFound,
  requireWaiting,
  resumeRaced,
  retryRequestOf,
} from './execution-rules.js';
import type { ExecutionRunner } from './execution-runner.js';
import { type SaveMode, saveModeOf } from './save-policy.js';

/** A request to start an execution. */
export interface StartExecution extends StartData {
  workflow: Workflow;
  mode: ExecutionMode;
  /**
   * Store the record before returning (G1): the caller answers 2xx before the execution ends. Without
   * it the execution is stored when it ends (if kept), or before a caller is answered mid-run.
   */
  durable: boolean;
  /** A repeat with the same key (per workflow) returns the first execution (G2). Implies `durable`. */
  idempotencyKey?: string;
  retryOf?: string;
  listener?: ExecutionListener;
}

/** The execution a start created, or found for a repeated idempotency key. */
export interface StartedExecution {
  executionId: string;
  /** False when an idempotency key matched an earlier execution: nothing new runs. */
  created: boolean;
}

/** Starts, cancels, retries and resumes executions, through the bounded queue. */
export interface ExecutionService {
  start(request: StartExecution): Promise<StartedExecution>;
  /** Cancels a queued, running or waiting execution; `EXECUTION_STATE_CONFLICT` when it already ended. */
  cancel(id: string): Promise<void>;
  /** Runs a failed execution again from its failed node, reusing the run data before it. */
  retry(id: string): Promise<StartedExecution>;
  /** Resumes a waiting execution now; `items` become the parked node's output (a resume webhook). */
  resume(id: string, items?: Item[], listener?: ExecutionListener): Promise<void>;
  /** Requeues executions a previous process left `new` or `running` (embedded mode: it crashed). */
  recover(): Promise<number>;
  /** Resumes `waiting` executions whose time has come; returns how many. */
  resumeDue(): Promise<number>;
  /** Refuses new work from now on. */
  stopAccepting(): void;
}

/** Creates the service. */
export function createExecutionService(deps: {
  executions: ExecutionRepository;
  queue: JobQueue<ExecutionJob>;
  runner: ExecutionRunner;
  clock: Clock;
  saveDefault: SaveMode;
}): ExecutionService {
  const repo = deps.executions;
  let accepting = true;

  function refuseIfClosed(): void {
    if (!accepting) throw new OperationalError('SHUTTING_DOWN', 'the server is shutting down');
  }

  function refuseIfFull(): void {
    if (deps.queue.depth >= deps.queue.capacity) {
      throw new UserError('QUEUE_FULL', 'too many executions are waiting to run; try again later', {
        details: { capacity: deps.queue.capacity },
      });
    }
  }

  async function enqueue(job: ExecutionJob): Promise<void> {
    if (deps.queue.enqueue(job)) return;
    if (job.recordStatus === 'new') {
      await repo.transition(job.executionId, ['new'], 'canceled', {
        finishedAt: deps.clock.now(),
        error: { code: 'QUEUE_FULL', message: 'the execution queue was full' },
      });
    }
    throw new UserError('QUEUE_FULL', 'too many executions are waiting to run; try again later');
  }

  async function loadJob(record: ExecutionRecord, listener?: ExecutionListener): Promise<ExecutionJob> {
    const detail = await existingDetail(record.id);
    return storedJobOf({ ...detail, record }, deps.saveDefault, listener);
  }

  async function existing(id: string): Promise<ExecutionRecord> {
    const record = await repo.get(id);
    if (!record) throw executionNotFound(id);
    return record;
  }

  async function existingDetail(id: string): Promise<ExecutionDetail> {
    const detail = await repo.getDetail(id);
    if (!detail) throw executionNotFound(id);
    return detail;
  }

  async function start(request: StartExecution): Promise<StartedExecution> {
    refuseIfClosed();
    refuseIfFull();
    const { workflow, mode, durable, idempotencyKey, retryOf, listener } = request;
    const startData = startDataOf(request);
    const job: ExecutionJob = {
      executionId: timeOrderedId(),
      workflow,
      mode,
      createdAt: deps.clock.now(),
      start: startData,
      recordStatus: null,
      saveMode: saveModeOf(workflow, deps.saveDefault),
    };
    if (retryOf !== undefined) job.retryOf = retryOf;
    if (idempotencyKey !== undefined) job.idempotencyKey = idempotencyKey;
    if (listener) job.listener = listener;
    if (durable || idempotencyKey !== undefined) {
      const { record, created } = await repo.create({
        id: job.executionId,
        workflowId: workflow.id,
        mode,
        status: 'new',
        workflow,
        start: startData,
        createdAt: job.createdAt,
        ...(retryOf !== undefined && { retryOf }),
        ...(idempotencyKey !== undefined && { idempotencyKey }),
      });
      if (!created) return { executionId: record.id, created: false };
      job.recordStatus = 'new';
    }
    await enqueue(job);
    return { executionId: job.executionId, created: true };
  }

  return {
    start,
    async cancel(id) {
      const reason = new UserError('EXECUTION_CANCELED', 'the execution was canceled');
      if (deps.runner.cancel(id, reason)) return;
      if (
        await repo.transition(id, ['new', 'waiting'], 'canceled', {
          finishedAt: deps.clock.now(),
          waitTill: null,
        })
      ) {
        return;
      }
      throw cancelConflict(await existing(id));
    },
    async retry(id) {
      // One read: the detail carries the record with the run data a retry reuses.
      const detail = await existingDetail(id);
      return start(retryRequestOf(detail));
    },
    async resume(id, items, listener) {
      refuseIfClosed();
      const record = await existing(id);
      requireWaiting(record);
      if (!(await repo.transition(id, ['waiting'], 'running', { waitTill: null }))) throw resumeRaced(id);
      const job = await loadJob({ ...record, status: 'running' }, listener);
      if (job.resume && items) job.resume.parkedOutput = items;
      await enqueue(job);
    },
    async recover() {
      const orphans = await repo.listByStatus(['new', 'running']);
      for (const record of orphans) await enqueue(await loadJob(record));
      return orphans.length;
    },
    async resumeDue() {
      if (!accepting) return 0;
      const due = await repo.listWaitingDue(deps.clock.now(), 50);
      let resumed = 0;
      for (const record of due) {
        if (!(await repo.transition(record.id, ['waiting'], 'running', { waitTill: null }))) continue;
        await enqueue(await loadJob({ ...record, status: 'running' }));
        resumed++;
      }
      return resumed;
    },
    stopAccepting() {
      accepting = false;
    },
  };
}

/** True when a status is final. */
export const isTerminal = (status: ExecutionRecord['status']): boolean => TERMINAL_STATUSES.includes(status);
