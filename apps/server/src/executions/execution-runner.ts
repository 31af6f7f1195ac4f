import type { ExecutionRepository, NewExecution } from '@klikkflow/database';
import { Cancellation, type ExecutionResult, type ExecutionState } from '@klikkflow/engine';
import { createRedactor, type Redactor } from '@klikkflow/security';
import { type ExecutionEvent, errorCode, type NodeRun } from '@klikkflow/types';
import { createCheckpointWriter } from './checkpoint-writer.js';
import { commitViewOf, type ExecutionJob, type ExecutionOutcome } from './execution-job.js';
import { outcomeOfFailure, outcomeOfResult, redactedOutcome, storedErrorOf } from './execution-outcome.js';
import { type JobEngineDeps, runJobEngine } from './job-engine.js';
import { keepsExecution } from './save-policy.js';

/** What the runner needs around the engine. */
export interface ExecutionRunnerDeps extends JobEngineDeps {
  executions: ExecutionRepository;
  /** Every engine event of the execution, and `executionEnd` once its record is final. */
  onEvent(event: ExecutionEvent, job: ExecutionJob): void;
  /** After an execution ended or parked and its record is final. */
  onOutcome(outcome: ExecutionOutcome, job: ExecutionJob): void;
}

/** Runs queued jobs and cancels running ones. */
export interface ExecutionRunner {
  run(job: ExecutionJob): Promise<void>;
  /** Aborts a running execution; false when it is not running in this process. */
  cancel(executionId: string, reason: Error): boolean;
  /** Executions running in this process. */
  readonly running: number;
}

/** Every node run of a state, for storing an execution that was not stored while it ran. */
function allRuns(state: ExecutionState): { nodeId: string; run: NodeRun }[] {
  return Object.entries(state.runData).flatMap(([nodeId, runs]) => runs.map((run) => ({ nodeId, run })));
}

/** Creates the runner. Each job gets its own engine ports: redactor, checkpoint writer, credentials. */
export function createExecutionRunner(deps: ExecutionRunnerDeps): ExecutionRunner {
  const cancellations = new Map<string, Cancellation>();
  const repo = deps.executions;

  /**
   * Stores a job's record when it was not stored at the start: its state and runs so far and its status,
   * in one transaction. `ended` gives the final status of an execution stored only once it is over.
   */
  async function storeRecord(
    job: ExecutionJob,
    state: ExecutionState,
    redactor: Redactor,
    ended?: Pick<NewExecution, 'status' | 'finishedAt' | 'waitTill' | 'error'>,
  ): Promise<void> {
    await repo.create({
      id: job.executionId,
      workflowId: job.workflow.id,
      mode: job.mode,
      status: 'running',
      workflow: job.workflow,
      start: redactor.redact(job.start),
      createdAt: job.createdAt,
      startedAt: state.startedAt,
      ...(job.retryOf !== undefined && { retryOf: job.retryOf }),
      state: redactor.redact({ ...state, runData: {} }),
      runs: redactor.redact(allRuns(state)),
      ...ended,
    });
    job.recordStatus = 'running';
  }

  async function finish(job: ExecutionJob, outcome: ExecutionOutcome, redactor: Redactor): Promise<void> {
    const keep = keepsExecution(job.saveMode, outcome.status);
    const error = storedErrorOf(outcome, redactor);
    if (keep && job.recordStatus === null && outcome.state) {
      // Stored only now that it is over: row, state, runs and final status in one commit.
      await storeRecord(job, outcome.state, redactor, {
        status: outcome.status,
        ...(outcome.status === 'waiting'
          ? outcome.state.waitTill !== undefined && { waitTill: outcome.state.waitTill }
          : { finishedAt: deps.clock.now() }),
        ...(error && { error }),
      });
    } else if (job.recordStatus !== null) {
      if (!keep) {
        await repo.delete([job.executionId]);
      } else if (outcome.status === 'waiting') {
        await repo.transition(job.executionId, ['running'], 'waiting', {
          waitTill: outcome.state?.waitTill ?? null,
        });
      } else {
        await repo.transition(job.executionId, ['running', 'new'], outcome.status, {
          finishedAt: deps.clock.now(),
          waitTill: null,
          ...(error && { error }),
        });
      }
    }
    const redacted = redactedOutcome(outcome, redactor);
    deps.onEvent(
      { type: 'executionEnd', executionId: job.executionId, status: outcome.status, at: deps.clock.now() },
      job,
    );
    deps.onOutcome(redacted, job);
    job.listener?.onFinish?.(redacted);
  }

  async function execute(job: ExecutionJob, redactor: Redactor): Promise<ExecutionResult> {
    const cancellation = new Cancellation();
    cancellations.set(job.executionId, cancellation);
    let storing: Promise<void> | undefined;
    const ensureStored = (state: ExecutionState): Promise<void> => {
      if (job.recordStatus !== null) return Promise.resolve();
      storing ??= storeRecord(job, state, redactor);
      return storing;
    };
    const checkpoints = createCheckpointWriter({
      executionId: job.executionId,
      save: async (state, runs) => ((await repo.checkpoint(job.executionId, state, runs)) ? 'ok' : 'stale'),
      redactor,
      persist: () => job.recordStatus !== null,
      ...(job.resume && { stored: job.resume.state.runData }),
      // A Respond to Webhook node leaves its answer in nodeState; the caller hears it redacted (G10).
      onCommit: (state) =>
        job.listener?.onCommit?.(commitViewOf(state, redactor.redact(state.nodeState)), () =>
          ensureStored(state),
        ),
    });
    try {
      return await runJobEngine(deps, job, {
        redactor,
        checkpoints,
        signal: cancellation,
        onEvent: (event) => deps.onEvent(event, job),
      });
    } finally {
      cancellations.delete(job.executionId);
    }
  }
  /** Claims, runs and finishes one job; throws when the database fails it. */
  async function runJob(job: ExecutionJob): Promise<void> {
    if (job.recordStatus === 'new') {
      const claimed = await repo.transition(job.executionId, ['new'], 'running', {
        startedAt: deps.clock.now(),
      });
      if (!claimed) {
        // Canceled (or taken) before it started: report what the record says.
        const record = await repo.get(job.executionId);
        job.listener?.onFinish?.({
          executionId: job.executionId,
          status: record?.status ?? 'canceled',
          output: null,
        });
        return;
      }
      job.recordStatus = 'running';
    }
    const redactor = createRedactor();
    let outcome: ExecutionOutcome;
    try {
      outcome = outcomeOfResult(job.executionId, await execute(job, redactor));
    } catch (error) {
      // Another writer owns the execution now: it reports the outcome, not this stale run; a caller
      // waiting on this process hears that it failed here.
      if (errorCode(error) === 'EXECUTION_CHECKPOINT_STALE') {
        job.listener?.onFailure?.(error);
        return;
      }
      outcome = outcomeOfFailure(job.executionId, error);
    }
    await finish(job, outcome, redactor);
  }

  return {
    async run(job) {
      try {
        await runJob(job);
      } catch (error) {
        job.listener?.onFailure?.(error);
        throw error;
      }
    },
    cancel(executionId, reason) {
      const cancellation = cancellations.get(executionId);
      if (!cancellation) return false;
      cancellation.abort(reason);
      return true;
    },
    get running() {
      return cancellations.size;
    },
  };
}
