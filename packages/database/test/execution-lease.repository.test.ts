import { expect, it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import { createExecutionLeaseRepository } from '../src/execution-lease.repository.js';
import type { Fence, NewExecution } from '../src/repositories.types.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeExecution, makeRun, makeState } from './execution-fixture.js';
import { leaseSnapshot } from './lease-fixture.js';

const LEASE_MS = 30_000;
const T = 1_000_000;
/** The first moment the lease of a claim made at `at` has expired. */
const expiredAfter = (at: number) => at + LEASE_MS + 1;

describeOnBothDialects('ExecutionLeaseRepository: claims and fencing', (database) => {
  const db = () => database.connection().db;
  const leases = () => createExecutionLeaseRepository(db(), database.dialect);
  const executions = () => createExecutionRepository(db());
  const snapshot = (id: string) => leaseSnapshot(db(), id);
  const fence = (epoch: number, now = T): Fence => ({ epoch, now, leaseMs: LEASE_MS });
  const created = async (overrides: Partial<NewExecution> = {}) => {
    const execution = makeExecution(overrides);
    await executions().create(execution);
    return execution;
  };

  it('claims a new execution: running, epoch 1, this owner, leased until now + leaseMs, started now', async () => {
    const { id } = await created();
    expect(await leases().claim(id, 'w1', T, LEASE_MS)).toEqual({
      executionId: id,
      epoch: 1,
      owner: 'w1',
      leaseUntil: T + LEASE_MS,
      takeover: false,
      recoveries: 0,
      cancelRequested: false,
    });
    expect(await snapshot(id)).toMatchObject({
      status: 'running',
      epoch: 1,
      lease_owner: 'w1',
      lease_until: T + LEASE_MS,
      started_at: T,
      recoveries: 0,
      recovery_sequence: null,
    });
    expect(await executions().get(id)).toMatchObject({ status: 'running', startedAt: T });
  });

  it('claims a running execution without a lease, keeping its start time and counting nothing', async () => {
    const { id } = await created({ status: 'running', startedAt: 500 });
    expect(await leases().claim(id, 'w1', T, LEASE_MS)).toMatchObject({
      epoch: 1,
      takeover: false,
      recoveries: 0,
    });
    expect(await snapshot(id)).toMatchObject({ started_at: 500, recoveries: 0, recovery_sequence: null });
  });

  it('claims nothing unknown, terminal, waiting, or leased by a live holder', async () => {
    expect(await leases().claim('missing', 'w1', T, LEASE_MS)).toBeUndefined();
    for (const status of ['success', 'error', 'canceled', 'waiting'] as const) {
      const { id } = await created({ status });
      const before = await snapshot(id);
      expect(await leases().claim(id, 'w1', T, LEASE_MS), status).toBeUndefined();
      expect(await snapshot(id)).toEqual(before);
    }
    const { id } = await created();
    await leases().claim(id, 'w1', T, LEASE_MS);
    // Expired means lease_until < now: at lease_until itself the holder still has it.
    expect(await leases().claim(id, 'w2', T + LEASE_MS, LEASE_MS)).toBeUndefined();
    expect(await snapshot(id)).toMatchObject({ epoch: 1, lease_owner: 'w1' });
    expect(await leases().claim(id, 'w2', expiredAfter(T), LEASE_MS)).toMatchObject({
      epoch: 2,
      owner: 'w2',
    });
  });

  it('lets exactly one of concurrent claims of an execution win', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await created();
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, worker) => leases().claim(id, `w${worker}`, T, LEASE_MS)),
      );
      const winners = claims.filter((claim) => claim !== undefined);
      expect(winners).toHaveLength(1);
      expect(await snapshot(id)).toMatchObject({ epoch: 1, lease_owner: winners[0]?.owner });
    }
  });

  it('takes over an expired lease with epoch + 1, and rejects every write of the old holder', async () => {
    const execution = await created();
    const { id } = execution;
    await leases().claim(id, 'w1', T, LEASE_MS);
    expect(
      await leases().checkpoint(id, fence(1), makeState(execution, 1), [{ nodeId: 'set', run: makeRun(0) }]),
    ).toBe('ok');
    const later = expiredAfter(T);
    expect(await leases().claim(id, 'w2', later, LEASE_MS)).toEqual({
      executionId: id,
      epoch: 2,
      owner: 'w2',
      leaseUntil: later + LEASE_MS,
      takeover: true,
      recoveries: 1,
      cancelRequested: false,
    });
    const before = await snapshot(id);
    const stale = { ...makeState(execution, 2), nodeState: { stale: true } };
    expect(await leases().renew(id, fence(1, later))).toEqual({ held: false, cancelRequested: false });
    expect(await leases().checkpoint(id, fence(1, later), stale, [{ nodeId: 'set', run: makeRun(1) }])).toBe(
      'stale',
    );
    expect(await leases().finish(id, 1, 'success', { finishedAt: later })).toBe(false);
    expect(await leases().release(id, 1)).toBe(false);
    expect(await snapshot(id)).toEqual(before);
    // The new holder writes on.
    expect(await leases().checkpoint(id, fence(2, later), makeState(execution, 2), [])).toBe('ok');
    expect(await leases().finish(id, 2, 'success', { finishedAt: later + 1 })).toBe(true);
    expect(await executions().get(id)).toMatchObject({ status: 'success', finishedAt: later + 1 });
  });

  it('serializes a stalled holder checkpointing against a takeover: one of the two orders, never both', async () => {
    for (let round = 0; round < 10; round++) {
      const execution = await created();
      const { id } = execution;
      await leases().claim(id, 'w1', T, LEASE_MS);
      const later = expiredAfter(T);
      const [written, claim] = await Promise.all([
        leases().checkpoint(id, fence(1, later), makeState(execution, 1), [
          { nodeId: 'set', run: makeRun(0) },
        ]),
        leases().claim(id, 'w2', later, LEASE_MS),
      ]);
      const stored = await snapshot(id);
      if (written === 'ok') {
        // The checkpoint renewed the lease first: the takeover found a live holder.
        expect(claim).toBeUndefined();
        expect(stored).toMatchObject({ epoch: 1, lease_owner: 'w1', sequence: 1 });
      } else {
        expect(written).toBe('stale');
        expect(claim).toMatchObject({ epoch: 2, takeover: true, recoveries: 1 });
        expect(stored).toMatchObject({
          epoch: 2,
          lease_owner: 'w2',
          sequence: 0,
          recovery_sequence: 0,
          runs: [],
        });
      }
    }
  });

  it('counts consecutive takeovers at one sequence (3: quarantine), starting again after a checkpoint', async () => {
    const execution = await created();
    const { id } = execution;
    let now = T;
    await leases().claim(id, 'w0', now, LEASE_MS);
    const takeOver = async (worker: string) => {
      now = expiredAfter(now);
      return leases().claim(id, worker, now, LEASE_MS);
    };
    expect(await takeOver('w1')).toMatchObject({ epoch: 2, takeover: true, recoveries: 1 });
    expect(await takeOver('w2')).toMatchObject({ epoch: 3, takeover: true, recoveries: 2 });
    expect(await takeOver('w3')).toMatchObject({ epoch: 4, takeover: true, recoveries: 3 });
    expect(await snapshot(id)).toMatchObject({ recoveries: 3, recovery_sequence: 0 });
    expect(await leases().checkpoint(id, fence(4, now), makeState(execution, 1), [])).toBe('ok');
    expect(await takeOver('w4')).toMatchObject({ epoch: 5, recoveries: 1 });
    expect(await takeOver('w5')).toMatchObject({ epoch: 6, recoveries: 2 });
    expect(await snapshot(id)).toMatchObject({ recoveries: 2, recovery_sequence: 1 });
  });

  it('releases only while holding the lease; the next claim is immediate and counts no recovery', async () => {
    const execution = await created();
    const { id } = execution;
    await leases().claim(id, 'w1', T, LEASE_MS);
    const later = expiredAfter(T);
    expect(await leases().claim(id, 'w2', later, LEASE_MS)).toMatchObject({ epoch: 2, recoveries: 1 });
    expect(await leases().release(id, 1)).toBe(false);
    expect(await leases().release(id, 2)).toBe(true);
    expect(await snapshot(id)).toMatchObject({
      status: 'running',
      epoch: 2,
      lease_owner: null,
      lease_until: null,
    });
    // Released is no longer held: the releaser cannot write, renew or release again.
    const before = await snapshot(id);
    expect(await leases().release(id, 2)).toBe(false);
    expect(await leases().renew(id, fence(2, later))).toEqual({ held: false, cancelRequested: false });
    expect(await leases().checkpoint(id, fence(2, later), makeState(execution, 1), [])).toBe('stale');
    expect(await leases().finish(id, 2, 'success')).toBe(false);
    expect(await snapshot(id)).toEqual(before);
    expect(await leases().claim(id, 'w3', later, LEASE_MS)).toMatchObject({
      epoch: 3,
      takeover: false,
      recoveries: 1,
    });
    expect(await snapshot(id)).toMatchObject({ recoveries: 1, recovery_sequence: 0 });
  });

  it('renews only while the epoch holds the lease, and reports a requested cancel', async () => {
    const { id } = await created();
    await leases().claim(id, 'w1', T, LEASE_MS);
    expect(await leases().renew(id, { epoch: 1, now: T + 10, leaseMs: 5_000 })).toEqual({
      held: true,
      cancelRequested: false,
    });
    expect(await snapshot(id)).toMatchObject({ lease_until: T + 5_010 });
    expect(await leases().renew(id, fence(2, T + 20))).toEqual({ held: false, cancelRequested: false });
    expect(await snapshot(id)).toMatchObject({ lease_until: T + 5_010 });
    // Expired but not taken over: still this holder's.
    expect(await leases().renew(id, fence(1, T + 9_000))).toEqual({ held: true, cancelRequested: false });
    expect(await leases().requestCancel(id, T + 9_001)).toBe('requested');
    expect(await leases().renew(id, fence(1, T + 9_002))).toEqual({ held: true, cancelRequested: true });
    expect(await leases().finish(id, 1, 'canceled', { finishedAt: T + 9_003 })).toBe(true);
    expect(await leases().renew(id, fence(1, T + 9_004))).toEqual({ held: false, cancelRequested: false });
    expect(await leases().renew('missing', fence(1))).toEqual({ held: false, cancelRequested: false });
  });

  it('checkpoints through the fence: state, runs and a renewed lease; a stale sequence writes nothing', async () => {
    const execution = await created();
    const { id } = execution;
    expect(await leases().checkpoint(id, fence(0), makeState(execution, 1), [])).toBe('stale');
    await leases().claim(id, 'w1', T, LEASE_MS);
    const runs = [
      { nodeId: 'trigger', run: makeRun(0) },
      { nodeId: 'set', run: makeRun(0) },
    ];
    expect(await leases().checkpoint(id, fence(1, T + 5), makeState(execution, 2), runs)).toBe('ok');
    expect(await snapshot(id)).toMatchObject({ sequence: 2, lease_until: T + 5 + LEASE_MS });
    const detail = await executions().getDetail(id);
    expect(detail?.runData).toEqual({ set: [makeRun(0)], trigger: [makeRun(0)] });
    expect(detail?.state).toEqual({ ...makeState(execution, 2), runData: detail?.runData });
    const before = await snapshot(id);
    for (const sequence of [2, 1]) {
      const stale = { ...makeState(execution, sequence), nodeState: { stale: true } };
      expect(
        await leases().checkpoint(id, fence(1, T + 9), stale, [{ nodeId: 'set', run: makeRun(1) }]),
      ).toBe('stale');
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('finishes only while holding the lease, gives it up, and refuses a status a run cannot end in', async () => {
    const { id } = await created();
    await leases().claim(id, 'w1', T, LEASE_MS);
    for (const to of ['new', 'running'] as const) {
      await expect(leases().finish(id, 1, to)).rejects.toMatchObject({ code: 'DB_TRANSITION_INVALID' });
    }
    expect(await leases().finish(id, 2, 'success')).toBe(false);
    const error = { code: 'BOOM', message: 'it broke', nodeId: 'set' };
    expect(await leases().finish(id, 1, 'error', { finishedAt: T + 1, error })).toBe(true);
    expect(await snapshot(id)).toMatchObject({
      status: 'error',
      lease_owner: null,
      lease_until: null,
      epoch: 1,
    });
    expect(await executions().get(id)).toMatchObject({ status: 'error', finishedAt: T + 1, error });
    expect(await leases().finish(id, 1, 'success')).toBe(false);
    expect(await leases().claim(id, 'w2', expiredAfter(T), LEASE_MS)).toBeUndefined();
    expect(await leases().finish('missing', 1, 'success')).toBe(false);
  });
});
