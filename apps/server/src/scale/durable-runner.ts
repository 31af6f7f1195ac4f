import type { ExecutionClaim, ExecutionLeaseRepository, ExecutionRepository } from '@klikkflow/database';
import { Cancellation, type ExecutionResult } from '@klikkflow/engine';
import { createRedactor, type Redactor } from '@klikkflow/security';
import { type ExecutionEvent, errorCode, type Item, OperationalError, UserError } from '@klikkflow/types';
import { createCheckpointWriter } from '../executions/checkpoint-writer.js';
import type { CommitView } from '../executions/execution-job.js';
import {
  commitViewOf,
  type ExecutionJob,
  type ExecutionOutcome,
  storedJobOf,
} from '../executions/execution-job.js';
import {
  outcomeOfFailure,
  outcomeOfResult,
  redactedOutcome,
  storedErrorOf,
} from '../executions/execution-outcome.js';
import { type JobEngineDeps, runJobEngine } from '../executions/job-engine.js';
import { keepsExecution, type SaveMode } from '../executions/save-policy.js';
import { startLeaseKeeper } from './lease-keeper.js';
import { QUARANTINE_AFTER, quarantineError } from './quarantine.js';

/** Why a run on this worker stops without ending its execution. */
const DRAINING = 'WORKER_DRAINING';
const LEASE_LOST = 'EXECUTION_LEASE_LOST';

/** What a worker's runner needs. */
export interface DurableRunnerDeps extends JobEngineDeps {
  executions: Pick<ExecutionRepository, 'getDetail' | 'delete'>;
  leases: ExecutionLeaseRepository;
  /** This worker's name in lease rows. */
  owner: string;
  leaseMs: number;
  saveDefault: SaveMode;
  /** Every engine event, and `executionEnd` once the record is final. */
  onEvent(event: ExecutionEvent, workflowId: string): void;
  /** A commit of an execution whose workflow answers through a Respond to Webhook node. */
  onCommit(executionId: string, view: CommitView): void;
  /** After the record is final: metrics, error workflow, the waiting caller in another process. */
  onOutcome(outcome: ExecutionOutcome, job: ExecutionJob): void;
  /** A claim took over an expired lease. */
  onTakeover?(claim: ExecutionClaim): void;
  /** A drained run gave its lease back: hand the execution to the workers again. */
  onReleased(executionId: string, epoch: number): Promise<void>;
}

/** Runs executions that a work queue hands to this worker, durably (G3, G5, G6). */
export interface DurableRunner {
  /**
   * Claims the execution and runs it to its end, a park, or the loss of its lease. `parkedOutput` is a
   * resume webhook's items for the node the execution waits at.
   */
  run(executionId: string, parkedOutput?: Item[]): Promise<void>;
  /** Aborts the execution if it runs here (a cancel from another process); false when it does not. */
  cancel(executionId: string): boolean;
  /** Stops every run here at its next step; each gives its lease back to resume elsewhere (G9). */
  drain(): void;
  readonly running: number;
}

const RESPOND_NODE = 'core.respondToWebhook';

/** Creates a worker's runner. */
export function createDurableRunner(deps: DurableRunnerDeps): DurableRunner {
  const cancellations = new Map<string, Cancellation>();

  async function end(
    job: ExecutionJob,
    claim: ExecutionClaim,
    outcome: ExecutionOutcome,
    redactor: Redactor,
  ): Promise<void> {
    const now = deps.clock.now();
    const error = storedErrorOf(outcome, redactor);
    const ended =
      outcome.status === 'waiting'
        ? await deps.leases.finish(job.executionId, claim.epoch, 'waiting', {
            waitTill: outcome.state?.waitTill ?? null,
          })
        : await deps.leases.finish(job.executionId, claim.epoch, outcome.status, {
            finishedAt: now,
            waitTill: null,
            ...(error && { error }),
          });
    // Another claim owns the execution now: its result counts, not this late one (G6).
    if (!ended) return;
    if (!keepsExecution(job.saveMode, outcome.status)) await deps.executions.delete([job.executionId]);
    deps.onEvent(
      { type: 'executionEnd', executionId: job.executionId, status: outcome.status, at: now },
      job.workflow.id,
    );
    deps.onOutcome(redactedOutcome(outcome, redactor), job);
  }

  async function execute(
    job: ExecutionJob,
    claim: ExecutionClaim,
    redactor: Redactor,
    cancellation: Cancellation,
  ): Promise<ExecutionResult> {
    const answersThroughNode = job.workflow.nodes.some((node) => node.type === RESPOND_NODE);
    const checkpoints = createCheckpointWriter({
      executionId: job.executionId,
      redactor,
      persist: () => true,
      ...(job.resume && { stored: job.resume.state.runData }),
      save: async (state, runs) => {
        // A run stopped for a drain or a lost lease commits nothing more: the next claim resumes from the
        // last commit before the stop, not from the engine's record of being stopped.
        if (stopsWithoutEnd(cancellation)) return 'stale';
        return deps.leases.checkpoint(
          job.executionId,
          { epoch: claim.epoch, now: deps.clock.now(), leaseMs: deps.leaseMs },
          state,
          runs,
        );
      },
      onCancelRequested: () => cancellation.abort(canceled()),
      ...(answersThroughNode && {
        onCommit: (state) =>
          deps.onCommit(job.executionId, commitViewOf(state, redactor.redact(state.nodeState))),
      }),
    });
    return runJobEngine(deps, job, {
      redactor,
      checkpoints,
      signal: cancellation,
      onEvent: (event) => deps.onEvent(event, job.workflow.id),
    });
  }

  async function runClaimed(claim: ExecutionClaim, parkedOutput?: Item[]): Promise<void> {
    const detail = await deps.executions.getDetail(claim.executionId);
    if (!detail) return;
    const job = storedJobOf(detail, deps.saveDefault);
    if (job.resume?.state.parked && parkedOutput) job.resume.parkedOutput = parkedOutput;
    const redactor = createRedactor();
    if (claim.cancelRequested) {
      await end(job, claim, outcomeOfFailure(job.executionId, canceled()), redactor);
      return;
    }
    if (claim.takeover && claim.recoveries >= QUARANTINE_AFTER) {
      await end(job, claim, outcomeOfFailure(job.executionId, quarantineError(job)), redactor);
      return;
    }
    const cancellation = new Cancellation();
    cancellations.set(job.executionId, cancellation);
    const keeper = startLeaseKeeper({
      leases: deps.leases,
      executionId: job.executionId,
      epoch: claim.epoch,
      leaseMs: deps.leaseMs,
      clock: deps.clock,
      onLost: () => cancellation.abort(new OperationalError(LEASE_LOST, 'this worker lost its lease')),
      onCancelRequested: () => cancellation.abort(canceled()),
    });
    let outcome: ExecutionOutcome | undefined;
    try {
      outcome = outcomeOfResult(job.executionId, await execute(job, claim, redactor, cancellation));
    } catch (error) {
      if (errorCode(error) !== 'EXECUTION_CHECKPOINT_STALE')
        outcome = outcomeOfFailure(job.executionId, error);
    } finally {
      keeper.stop();
      cancellations.delete(job.executionId);
    }
    const reason = errorCode(cancellation.reason);
    if (reason === LEASE_LOST) return;
    if (reason === DRAINING) {
      // Nothing after the last checkpoint is kept: the next claim resumes there, on any worker.
      if (await deps.leases.release(job.executionId, claim.epoch)) {
        await deps.onReleased(job.executionId, claim.epoch);
      }
      return;
    }
    // Another writer owns the execution now (G6): it reports the outcome, not this stale run.
    if (!outcome) return;
    if (reason === 'EXECUTION_CANCELED') outcome = { ...outcome, status: 'canceled' };
    await end(job, claim, outcome, redactor);
  }

  let draining = false;
  return {
    async run(executionId, parkedOutput) {
      if (draining) return;
      const claim = await deps.leases.claim(executionId, deps.owner, deps.clock.now(), deps.leaseMs);
      if (!claim) return;
      if (claim.takeover) deps.onTakeover?.(claim);
      await runClaimed(claim, parkedOutput);
    },
    cancel(executionId) {
      const cancellation = cancellations.get(executionId);
      if (!cancellation) return false;
      cancellation.abort(canceled());
      return true;
    },
    drain() {
      draining = true;
      for (const cancellation of cancellations.values()) {
        cancellation.abort(new OperationalError(DRAINING, 'the worker is shutting down'));
      }
    },
    get running() {
      return cancellations.size;
    },
  };
}

/** True once the run was stopped to give its execution back (a drain) or because its lease is lost. */
function stopsWithoutEnd(cancellation: Cancellation): boolean {
  if (!cancellation.aborted) return false;
  const reason = errorCode(cancellation.reason);
  return reason === DRAINING || reason === LEASE_LOST;
}

function canceled(): UserError {
  return new UserError('EXECUTION_CANCELED', 'the execution was canceled');
}
