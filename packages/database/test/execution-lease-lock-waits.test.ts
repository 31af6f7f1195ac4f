import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import { createExecutionLeaseRepository } from '../src/execution-lease.repository.js';
import type { DatabaseSchema } from '../src/schema.js';
import { openTestDatabase } from './contract-harness.js';
import { makeExecution, makeRun, makeState } from './execution-fixture.js';
import { leaseSnapshot } from './lease-fixture.js';

/*
 * PostgreSQL only: claim and checkpoint are single statements there, whose snapshot is taken before they
 * wait on the execution's row lock. Each test holds that lock in a transaction that changes the row,
 * starts the statement, lets it block, then commits: the statement must decide on the committed row, as
 * the SQLite transaction (which waits before it reads anything) does by construction.
 */

const LEASE_MS = 30_000;
const T = 1_000_000;
const EXPIRED = T + LEASE_MS + 1;

describe('ExecutionLeaseRepository [postgres]: a statement that waits on the row lock decides on the committed row', () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await opened?.dispose();
  });
  const db = (): Kysely<DatabaseSchema> => {
    if (!opened) throw new Error('the test database is not open yet');
    return opened.connection.db;
  };
  const leases = () => createExecutionLeaseRepository(db(), 'postgres');
  const claimed = async () => {
    const execution = makeExecution();
    await createExecutionRepository(db()).create(execution);
    await leases().claim(execution.id, 'w1', T, LEASE_MS);
    return execution;
  };

  /** True once some backend waits on a lock held by the backend `pid`. */
  const blocksSomeone = async (pid: number) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`.execute(
      db(),
    );
    return (rows[0]?.n ?? 0) > 0;
  };

  /**
   * Locks the execution's row, applies `change`, starts `statement` and commits only once the statement
   * waits on the lock; resolves with the statement's answer.
   */
  async function behindLock<T>(
    id: string,
    change: (trx: Kysely<DatabaseSchema>) => Promise<unknown>,
    statement: () => Promise<T>,
  ): Promise<T> {
    let answer: Promise<T> | undefined;
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom('executions').select('id').where('id', '=', id).forUpdate().execute();
        await change(trx);
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        answer = statement();
        answer.catch(() => undefined); // awaited below; this only keeps a rejection from going unhandled
        const deadline = Date.now() + 5_000;
        while (!(await blocksSomeone(rows[0]?.pid ?? -1))) {
          if (Date.now() > deadline) throw new Error('the statement never waited on the row lock');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
    return answer as Promise<T>;
  }

  it('a takeover counts its recovery at the sequence a checkpoint committed while it waited', async () => {
    const execution = await claimed();
    const { id } = execution;
    // The old holder's checkpoint: a new sequence, and a renewal from a clock that lags (still expired).
    const claim = await behindLock(
      id,
      async (trx) => {
        await trx.updateTable('execution_data').set({ sequence: 1 }).where('execution_id', '=', id).execute();
        await trx
          .updateTable('executions')
          .set({ lease_until: T + 1 })
          .where('id', '=', id)
          .execute();
      },
      () => leases().claim(id, 'w2', EXPIRED, LEASE_MS),
    );
    expect(claim).toMatchObject({ epoch: 2, takeover: true, recoveries: 1 });
    expect(await leaseSnapshot(db(), id)).toMatchObject({ recovery_sequence: 1, recoveries: 1 });
    // No checkpoint since: the next takeover is a second recovery of the same step.
    const later = EXPIRED + LEASE_MS + 1;
    expect(await leases().claim(id, 'w3', later, LEASE_MS)).toMatchObject({ epoch: 3, recoveries: 2 });
  });

  it('a claim finds no claimable row when the lease it waited on was renewed', async () => {
    const { id } = await claimed();
    const claim = await behindLock(
      id,
      (trx) =>
        trx
          .updateTable('executions')
          .set({ lease_until: EXPIRED + 10 })
          .where('id', '=', id)
          .execute(),
      () => leases().claim(id, 'w2', EXPIRED, LEASE_MS),
    );
    expect(claim).toBeUndefined();
    expect(await leaseSnapshot(db(), id)).toMatchObject({
      epoch: 1,
      lease_owner: 'w1',
      lease_until: EXPIRED + 10,
    });
  });

  it('a checkpoint behind a takeover is stale and writes nothing', async () => {
    const execution = await claimed();
    const { id } = execution;
    const answer = await behindLock(
      id,
      (trx) =>
        trx
          .updateTable('executions')
          .set({ epoch: 2, lease_owner: 'w2', lease_until: EXPIRED + LEASE_MS })
          .where('id', '=', id)
          .execute(),
      () =>
        leases().checkpoint(id, { epoch: 1, now: EXPIRED, leaseMs: LEASE_MS }, makeState(execution, 1), [
          { nodeId: 'set', run: makeRun(0) },
        ]),
    );
    expect(answer).toBe('stale');
    expect(await leaseSnapshot(db(), id)).toMatchObject({
      epoch: 2,
      lease_until: EXPIRED + LEASE_MS,
      sequence: 0,
      state: null,
      runs: [],
    });
  });

  it('a checkpoint behind one of the same sequence is stale and does not renew the lease', async () => {
    const execution = await claimed();
    const { id } = execution;
    const answer = await behindLock(
      id,
      (trx) =>
        trx.updateTable('execution_data').set({ sequence: 1 }).where('execution_id', '=', id).execute(),
      () =>
        leases().checkpoint(id, { epoch: 1, now: T + 5, leaseMs: LEASE_MS }, makeState(execution, 1), [
          { nodeId: 'set', run: makeRun(0) },
        ]),
    );
    expect(answer).toBe('stale');
    expect(await leaseSnapshot(db(), id)).toMatchObject({
      lease_until: T + LEASE_MS,
      sequence: 1,
      state: null,
      runs: [],
    });
  });
});
