import type fc from 'fast-check';
import { expect } from 'vitest';
import { makeExecution, makeRun, makeState } from './execution-fixture.js';
import {
  claimOnModel,
  type ExecutionModel,
  holds,
  type LeaseModel,
  MODEL_LEASE_MS,
  newExecutionModel,
} from './lease-model.js';
import { jobOf, type Kind, type LeaseSystem, snapshotOf, verify } from './lease-system.js';

/*
 * The commands of the lease model-based test. Each runs one operation on the model and the database,
 * compares the answers, then checks every execution against the model and the invariants.
 */

const ownerOf = (worker: number) => `w${worker}`;

abstract class LeaseCommand implements fc.AsyncCommand<LeaseModel, LeaseSystem> {
  protected abstract readonly kind: Kind;
  protected abstract apply(model: LeaseModel, system: LeaseSystem): Promise<void>;
  abstract toString(): string;
  check(model: Readonly<LeaseModel>): boolean {
    return model.executions.length > 0;
  }
  async run(model: LeaseModel, system: LeaseSystem): Promise<void> {
    await this.apply(model, system);
    await verify(model, system, this.kind);
  }
}

/** A command on one of the executions, chosen by `pick`. */
abstract class OnExecution extends LeaseCommand {
  constructor(protected readonly pick: number) {
    super();
  }
  protected target(model: LeaseModel): ExecutionModel {
    return model.executions[this.pick % model.executions.length] as ExecutionModel;
  }
}

/** A worker's write with the epoch it remembers (0: none): rejected, it must change nothing. */
abstract class Fenced extends OnExecution {
  protected readonly kind = 'fenced';
  constructor(
    protected readonly worker: number,
    pick: number,
  ) {
    super(pick);
  }
  protected abstract write(
    target: ExecutionModel,
    epoch: number,
    system: LeaseSystem,
    model: LeaseModel,
  ): Promise<void>;
  /** What the worker believes it holds; with nothing remembered, any execution (and the write is stale). */
  protected override target(model: LeaseModel): ExecutionModel {
    const remembered = model.executions.filter((execution) =>
      model.memory[this.worker]?.has(execution.execution.id),
    );
    const choices = remembered.length > 0 ? remembered : model.executions;
    return choices[this.pick % choices.length] as ExecutionModel;
  }
  protected async apply(model: LeaseModel, system: LeaseSystem): Promise<void> {
    const target = this.target(model);
    const { id } = target.execution;
    const epoch = model.memory[this.worker]?.get(id) ?? 0;
    const stale = !holds(target, epoch);
    const before = await snapshotOf(system, id);
    await this.write(target, epoch, system, model);
    if (stale) expect(await snapshotOf(system, id), 'a stale write changes nothing').toEqual(before);
  }
}

export class Enqueue extends LeaseCommand {
  protected readonly kind = 'enqueue';
  override check(model: Readonly<LeaseModel>): boolean {
    return model.executions.length < 3;
  }
  protected async apply(model: LeaseModel, system: LeaseSystem): Promise<void> {
    const execution = makeExecution({ createdAt: model.now });
    await system.executions.create(execution);
    model.executions.push(newExecutionModel(execution));
  }
  toString(): string {
    return 'enqueue';
  }
}

export class Claim extends OnExecution {
  protected readonly kind = 'claim';
  constructor(
    private readonly worker: number,
    pick: number,
  ) {
    super(pick);
  }
  protected async apply(model: LeaseModel, system: LeaseSystem): Promise<void> {
    const target = this.target(model);
    const owner = ownerOf(this.worker);
    const expected = claimOnModel(target, owner, model.now);
    const claim = await system.leases.claim(target.execution.id, owner, model.now, MODEL_LEASE_MS);
    expect(claim).toEqual(expected?.claim);
    if (!expected) return;
    Object.assign(target, expected.next);
    model.memory[this.worker]?.set(target.execution.id, expected.claim.epoch);
  }
  toString(): string {
    return `claim(w${this.worker}, #${this.pick})`;
  }
}

/** Two workers claim at once: exactly one wins when the model says it is claimable, none otherwise. */
export class ClaimRace extends OnExecution {
  protected readonly kind = 'claim';
  constructor(
    private readonly workers: [number, number],
    pick: number,
  ) {
    super(pick);
  }
  protected async apply(model: LeaseModel, system: LeaseSystem): Promise<void> {
    const target = this.target(model);
    const claims = await Promise.all(
      this.workers.map((worker) =>
        system.leases.claim(target.execution.id, ownerOf(worker), model.now, MODEL_LEASE_MS),
      ),
    );
    const winners = this.workers.filter((_, index) => claims[index] !== undefined);
    if (!claimOnModel(target, 'anyone', model.now)) {
      expect(winners).toEqual([]);
      return;
    }
    expect(winners).toHaveLength(1);
    const winner = winners[0] as number;
    const expected = claimOnModel(target, ownerOf(winner), model.now);
    expect(claims.find((claim) => claim !== undefined)).toEqual(expected?.claim);
    if (!expected) return;
    Object.assign(target, expected.next);
    model.memory[winner]?.set(target.execution.id, expected.claim.epoch);
  }
  toString(): string {
    return `claimRace(w${this.workers[0]}, w${this.workers[1]}, #${this.pick})`;
  }
}

export class Heartbeat extends Fenced {
  protected async write(target: ExecutionModel, epoch: number, system: LeaseSystem, model: LeaseModel) {
    const fence = { epoch, now: model.now, leaseMs: MODEL_LEASE_MS };
    const held = holds(target, epoch);
    expect(await system.leases.renew(target.execution.id, fence)).toEqual({
      held,
      cancelRequested: held && target.cancelRequested,
    });
    if (held) target.leaseUntil = model.now + MODEL_LEASE_MS;
  }
  toString(): string {
    return `heartbeat(w${this.worker}, #${this.pick})`;
  }
}

export class Checkpoint extends Fenced {
  constructor(
    worker: number,
    pick: number,
    /** How far the sequence moves: 0 repeats the committed one, which is stale. */
    private readonly advance: number,
  ) {
    super(worker, pick);
  }
  protected async write(target: ExecutionModel, epoch: number, system: LeaseSystem, model: LeaseModel) {
    const sequence = target.sequence + this.advance;
    const fence = { epoch, now: model.now, leaseMs: MODEL_LEASE_MS };
    const answer = await system.leases.checkpoint(
      target.execution.id,
      fence,
      makeState(target.execution, sequence),
      [{ nodeId: 'set', run: makeRun(sequence) }],
    );
    if (!holds(target, epoch) || this.advance === 0) {
      expect(answer).toBe('stale');
      return;
    }
    expect(answer).toBe(target.cancelRequested ? 'cancel' : 'ok');
    Object.assign(target, { sequence, runs: target.runs + 1, leaseUntil: model.now + MODEL_LEASE_MS });
  }
  toString(): string {
    return `checkpoint(w${this.worker}, #${this.pick}, +${this.advance})`;
  }
}

export class Release extends Fenced {
  protected async write(target: ExecutionModel, epoch: number, system: LeaseSystem) {
    const held = holds(target, epoch);
    expect(await system.leases.release(target.execution.id, epoch)).toBe(held);
    if (held) Object.assign(target, { leaseOwner: null, leaseUntil: null });
  }
  toString(): string {
    return `release(w${this.worker}, #${this.pick})`;
  }
}

export class Finish extends Fenced {
  constructor(
    worker: number,
    pick: number,
    private readonly to: 'success' | 'error' | 'canceled' | 'waiting',
  ) {
    super(worker, pick);
  }
  protected async write(target: ExecutionModel, epoch: number, system: LeaseSystem, model: LeaseModel) {
    const held = holds(target, epoch);
    const patch = this.to === 'waiting' ? { waitTill: model.now + 500 } : { finishedAt: model.now };
    expect(await system.leases.finish(target.execution.id, epoch, this.to, patch)).toBe(held);
    if (held) Object.assign(target, { status: this.to, leaseOwner: null, leaseUntil: null });
  }
  toString(): string {
    return `finish(w${this.worker}, #${this.pick}, ${this.to})`;
  }
}

export class AdvanceClock extends LeaseCommand {
  protected readonly kind = 'clock';
  constructor(private readonly ms: number) {
    super();
  }
  override check(): boolean {
    return true;
  }
  protected async apply(model: LeaseModel): Promise<void> {
    model.now += this.ms;
  }
  toString(): string {
    return `advance(${this.ms})`;
  }
}

/** The worker dies: it forgets its claims and never renews them. */
export class Crash extends LeaseCommand {
  protected readonly kind = 'crash';
  constructor(private readonly worker: number) {
    super();
  }
  override check(model: Readonly<LeaseModel>): boolean {
    return (model.memory[this.worker]?.size ?? 0) > 0;
  }
  protected async apply(model: LeaseModel): Promise<void> {
    model.memory[this.worker]?.clear();
  }
  toString(): string {
    return `crash(w${this.worker})`;
  }
}

export class RequestCancel extends OnExecution {
  protected readonly kind = 'cancel';
  protected async apply(model: LeaseModel, system: LeaseSystem): Promise<void> {
    const target = this.target(model);
    const answer = await system.leases.requestCancel(target.execution.id, model.now);
    if (target.status === 'new' || target.status === 'waiting') {
      expect(answer).toBe('canceled');
      target.status = 'canceled';
    } else if (target.status === 'running') {
      expect(answer).toBe('requested');
      target.cancelRequested = true;
    } else {
      expect(answer).toBe('conflict');
    }
  }
  toString(): string {
    return `requestCancel(#${this.pick})`;
  }
}

export class HandOver extends OnExecution {
  protected readonly kind = 'handOver';
  protected async apply(model: LeaseModel, system: LeaseSystem): Promise<void> {
    const target = this.target(model);
    const { id } = target.execution;
    const moved = target.status === 'waiting';
    expect(await system.leases.handOver(id, ['waiting'], { waitTill: null }, [jobOf(id)])).toBe(moved);
    if (moved)
      Object.assign(target, {
        status: 'running',
        leaseOwner: null,
        leaseUntil: null,
        outbox: target.outbox + 1,
      });
  }
  toString(): string {
    return `handOver(#${this.pick})`;
  }
}
