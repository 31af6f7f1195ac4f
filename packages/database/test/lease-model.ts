import type { ExecutionStatus } from '@klikkflow/types';
import type { ExecutionClaim, NewExecution } from '../src/repositories.types.js';

/*
 * The model of the lease state machine for the model-based test: what each operation does to one
 * execution, written from the rules of `ExecutionLeaseRepository`, independently of its SQL.
 */

/** The lease length every model command uses. */
export const MODEL_LEASE_MS = 1_000;

/** One execution as the model sees it. */
export interface ExecutionModel {
  execution: NewExecution;
  status: ExecutionStatus;
  epoch: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  cancelRequested: boolean;
  recoveries: number;
  recoverySequence: number | null;
  /** The committed checkpoint sequence. */
  sequence: number;
  /** Node run rows stored. */
  runs: number;
  /** Outbox messages added for it. */
  outbox: number;
}

/** The whole model: a clock, the executions, and what each worker believes it holds. */
export interface LeaseModel {
  now: number;
  executions: ExecutionModel[];
  /** Per worker: execution id → the epoch of its claim. A crash forgets everything. */
  memory: Map<string, number>[];
}

/** A fresh execution in the model. */
export function newExecutionModel(execution: NewExecution): ExecutionModel {
  return {
    execution,
    status: 'new',
    epoch: 0,
    leaseOwner: null,
    leaseUntil: null,
    cancelRequested: false,
    recoveries: 0,
    recoverySequence: null,
    sequence: 0,
    runs: 0,
    outbox: 0,
  };
}

/** True while `epoch` holds the lease: running, the current epoch, not given back. */
export function holds(model: ExecutionModel, epoch: number): boolean {
  return model.status === 'running' && model.epoch === epoch && model.leaseOwner !== null;
}

/** A claim on the model: the claim it must answer and the execution after it (undefined: not claimable). */
export function claimOnModel(
  model: ExecutionModel,
  owner: string,
  now: number,
): { claim: ExecutionClaim; next: ExecutionModel } | undefined {
  const leaseFree = model.leaseUntil === null || model.leaseUntil < now;
  if (!(model.status === 'new' || (model.status === 'running' && leaseFree))) return undefined;
  const takeover = model.status === 'running' && model.leaseOwner !== null;
  const sameStep = model.recoverySequence === model.sequence;
  const next: ExecutionModel = {
    ...model,
    status: 'running',
    epoch: model.epoch + 1,
    leaseOwner: owner,
    leaseUntil: now + MODEL_LEASE_MS,
    ...(takeover && { recoveries: sameStep ? model.recoveries + 1 : 1, recoverySequence: model.sequence }),
  };
  return {
    claim: {
      executionId: model.execution.id,
      epoch: next.epoch,
      owner,
      leaseUntil: now + MODEL_LEASE_MS,
      takeover,
      recoveries: next.recoveries,
      cancelRequested: model.cancelRequested,
    },
    next,
  };
}

/** The stored row shape the model is compared with. */
export function expectedRow(model: ExecutionModel) {
  return {
    status: model.status,
    epoch: model.epoch,
    lease_owner: model.leaseOwner,
    lease_until: model.leaseUntil,
    cancel_requested: model.cancelRequested ? 1 : 0,
    recoveries: model.recoveries,
    recovery_sequence: model.recoverySequence,
    sequence: model.sequence,
    runs: model.runs,
    outbox: model.outbox,
  };
}
