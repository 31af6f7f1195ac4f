import { expect, it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import { createExecutionLeaseRepository } from '../src/execution-lease.repository.js';
import type { NewExecution } from '../src/repositories.types.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeExecution, makeState } from './execution-fixture.js';
import { leaseSnapshot, outboxOf } from './lease-fixture.js';

const LEASE_MS = 30_000;
const T = 1_000_000;

describeOnBothDialects('ExecutionLeaseRepository: hand-over, cancel and recovery', (database) => {
  const db = () => database.connection().db;
  const leases = () => createExecutionLeaseRepository(db(), database.dialect);
  const executions = () => createExecutionRepository(db());
  const snapshot = (id: string) => leaseSnapshot(db(), id);
  const created = async (overrides: Partial<NewExecution> = {}) => {
    const execution = makeExecution(overrides);
    await executions().create(execution);
    return execution;
  };
  const jobOf = (executionId: string) => ({ topic: 'execution.run', payload: { executionId } });

  it('ends a run as waiting, then hands it over with its outbox message in one transaction', async () => {
    const execution = await created();
    const { id } = execution;
    await leases().claim(id, 'w1', T, LEASE_MS);
    expect(await leases().finish(id, 1, 'waiting', { waitTill: T + 100 })).toBe(true);
    expect(await snapshot(id)).toMatchObject({ status: 'waiting', wait_till: T + 100, lease_owner: null });
    expect(await leases().claim(id, 'w2', T + 200, LEASE_MS)).toBeUndefined();
    expect(await leases().handOver(id, ['waiting'], { waitTill: null }, [jobOf(id)])).toBe(true);
    expect(await snapshot(id)).toMatchObject({
      status: 'running',
      epoch: 1,
      lease_owner: null,
      lease_until: null,
      wait_till: null,
    });
    expect(await outboxOf(db(), id)).toEqual([jobOf(id)]);
    // The holder that parked it kept epoch 1, which is current again: its fence must still fail.
    const before = await snapshot(id);
    const fence = { epoch: 1, now: T + 300, leaseMs: LEASE_MS };
    expect(await leases().renew(id, fence)).toEqual({ held: false, cancelRequested: false });
    expect(await leases().checkpoint(id, fence, makeState(execution, 1), [])).toBe('stale');
    expect(await leases().finish(id, 1, 'success')).toBe(false);
    expect(await snapshot(id)).toEqual(before);
    // A second hand-over finds it running: nothing moves, no second message.
    expect(await leases().handOver(id, ['waiting'], {}, [jobOf(id)])).toBe(false);
    expect(await outboxOf(db(), id)).toEqual([jobOf(id)]);
    expect(await leases().claim(id, 'w2', T + 300, LEASE_MS)).toMatchObject({ epoch: 2, takeover: false });
  });

  it('hands over nothing, and adds no message, when the compare-and-set fails', async () => {
    const running = await created();
    await leases().claim(running.id, 'w1', T, LEASE_MS);
    const done = await created({ status: 'success' });
    const cases: [string, readonly ('waiting' | 'running' | 'success' | 'new')[]][] = [
      [running.id, ['waiting']],
      // Neither a leased run nor a terminal execution can be handed over, whatever `from` says.
      [running.id, ['running']],
      [done.id, ['success', 'waiting']],
      ['missing', ['waiting', 'new']],
      [running.id, []],
    ];
    for (const [id, from] of cases) {
      const before = await snapshot(id);
      expect(await leases().handOver(id, from, { waitTill: null }, [jobOf(id)]), `${from}`).toBe(false);
      expect(await snapshot(id)).toEqual(before);
      expect(await outboxOf(db(), id)).toEqual([]);
    }
    const waiting = await created({ status: 'waiting', waitTill: T });
    await expect(
      leases().handOver(waiting.id, ['waiting'], {}, [
        jobOf(waiting.id),
        { topic: 'bad', payload: undefined },
      ]),
    ).rejects.toMatchObject({ code: 'DB_VALUE_NOT_JSON' });
    expect(await snapshot(waiting.id)).toMatchObject({ status: 'waiting' });
    expect(await outboxOf(db(), waiting.id)).toEqual([]);
    const fresh = await created();
    expect(await leases().handOver(fresh.id, ['new'], { startedAt: T }, [])).toBe(true);
    expect(await snapshot(fresh.id)).toMatchObject({ status: 'running', started_at: T, lease_owner: null });
  });

  it('cancels new and waiting executions at once; terminal ones conflict, unknown ones are missing', async () => {
    const fresh = await created();
    expect(await leases().requestCancel(fresh.id, T)).toBe('canceled');
    expect(await snapshot(fresh.id)).toMatchObject({
      status: 'canceled',
      finished_at: T,
      cancel_requested: 0,
    });
    const waiting = await created({ status: 'waiting', waitTill: T + 50 });
    expect(await leases().requestCancel(waiting.id, T + 1)).toBe('canceled');
    expect(await snapshot(waiting.id)).toMatchObject({
      status: 'canceled',
      finished_at: T + 1,
      wait_till: null,
    });
    for (const status of ['success', 'error', 'canceled'] as const) {
      const { id } = await created({ status, finishedAt: 5 });
      expect(await leases().requestCancel(id, T)).toBe('conflict');
      expect(await snapshot(id)).toMatchObject({ status, finished_at: 5, cancel_requested: 0 });
    }
    expect(await leases().requestCancel('missing', T)).toBe('missing');
  });

  it('asks the holder of a running execution to stop, or the next claimer of an expired one', async () => {
    const execution = await created();
    const { id } = execution;
    await leases().claim(id, 'w1', T, LEASE_MS);
    expect(await leases().requestCancel(id, T + 1)).toBe('requested');
    expect(await leases().requestCancel(id, T + 2)).toBe('requested');
    expect(await snapshot(id)).toMatchObject({ status: 'running', cancel_requested: 1, finished_at: null });
    const fence = { epoch: 1, now: T + 3, leaseMs: LEASE_MS };
    // Written, but the holder is told to stop.
    expect(await leases().checkpoint(id, fence, makeState(execution, 1), [])).toBe('cancel');
    expect(await snapshot(id)).toMatchObject({ sequence: 1 });
    const later = T + 3 + LEASE_MS + 1;
    expect(await leases().claim(id, 'w2', later, LEASE_MS)).toMatchObject({
      epoch: 2,
      takeover: true,
      cancelRequested: true,
    });
    expect(await leases().finish(id, 2, 'canceled', { finishedAt: later })).toBe(true);
    expect(await leases().requestCancel(id, later)).toBe('conflict');
    expect(await executions().get(id)).toMatchObject({ status: 'canceled', finishedAt: later });
  });

  it('lists new executions past the grace and running ones without a live lease, oldest first', async () => {
    await db().deleteFrom('executions').execute();
    const at = (createdAt: number, overrides: Partial<NewExecution> = {}) =>
      created({ createdAt, ...overrides });
    const stuckNew = await at(T - 10_000);
    await at(T - 1_000); // new, within the grace
    const unleased = await at(T - 9_000, { status: 'running', startedAt: T - 9_000 });
    const expired = await at(T - 8_000);
    await leases().claim(expired.id, 'w1', T - LEASE_MS - 1, LEASE_MS);
    const live = await at(T - 7_000);
    await leases().claim(live.id, 'w1', T - LEASE_MS, LEASE_MS); // lease_until = now: still live
    const released = await at(T - 6_000);
    await leases().claim(released.id, 'w1', T, LEASE_MS);
    await leases().release(released.id, 1);
    await at(T - 20_000, { status: 'waiting', waitTill: 0 });
    await at(T - 20_000, { status: 'success' });
    const expected = [
      { id: stuckNew.id, status: 'new', epoch: 0 },
      { id: unleased.id, status: 'running', epoch: 0 },
      { id: expired.id, status: 'running', epoch: 1 },
      { id: released.id, status: 'running', epoch: 1 },
    ];
    expect(await leases().listRecoverable(T, 5_000, 10)).toEqual(expected);
    expect(await leases().listRecoverable(T, 5_000, 2)).toEqual(expected.slice(0, 2));
    expect(await leases().listRecoverable(T, 5_000, 0)).toEqual([]);
    expect(await leases().listRecoverable(T, 5_000, -3)).toEqual([]);
    expect(await leases().listRecoverable(T, 10_000, 10)).toEqual(expected.slice(1));
  });
});
