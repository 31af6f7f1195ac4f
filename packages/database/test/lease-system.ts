import { type ExecutionStatus, TERMINAL_STATUSES } from '@klikkflow/types';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { ExecutionLeaseRepository, ExecutionRepository } from '../src/repositories.types.js';
import type { DatabaseSchema } from '../src/schema.js';
import { leaseSnapshot } from './lease-fixture.js';
import { expectedRow, type LeaseModel } from './lease-model.js';

/* The database side of the lease model-based test: what it reads, and the invariants checked after every command. */

/** The system under test. */
export interface LeaseSystem {
  db: Kysely<DatabaseSchema>;
  leases: ExecutionLeaseRepository;
  executions: ExecutionRepository;
  /** The last stored row of each execution, for the invariants across one command. */
  seen: Map<string, Snapshot>;
}

type Snapshot = NonNullable<Awaited<ReturnType<typeof leaseSnapshot>>>;

/** What a command does, as far as the invariants care. */
export type Kind = 'enqueue' | 'claim' | 'fenced' | 'clock' | 'crash' | 'cancel' | 'handOver';

/** The outbox message a hand-over adds for an execution. */
export const jobOf = (id: string) => ({ topic: 'execution.run', payload: { executionId: id } });

/** The stored row of an execution the model knows. */
export async function snapshotOf(system: LeaseSystem, id: string): Promise<Snapshot> {
  const row = await leaseSnapshot(system.db, id);
  if (!row) throw new Error(`execution ${id} vanished`);
  return row;
}

/** Compares every execution with the model and checks the invariants against the row seen before. */
export async function verify(model: LeaseModel, system: LeaseSystem, kind: Kind): Promise<void> {
  for (const execution of model.executions) {
    const { id } = execution.execution;
    const row = await snapshotOf(system, id);
    const { count } = await system.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('payload', '=', JSON.stringify(jobOf(id).payload))
      .executeTakeFirstOrThrow();
    expect({
      status: row.status,
      epoch: row.epoch,
      lease_owner: row.lease_owner,
      lease_until: row.lease_until,
      cancel_requested: row.cancel_requested,
      recoveries: row.recoveries,
      recovery_sequence: row.recovery_sequence,
      sequence: row.sequence,
      runs: row.runs.length,
      outbox: Number(count),
    }).toEqual(expectedRow(execution));
    const before = system.seen.get(id);
    if (before) {
      expect(row.epoch, 'the epoch never decreases').toBeGreaterThanOrEqual(before.epoch);
      if (TERMINAL_STATUSES.includes(before.status as ExecutionStatus)) {
        expect(row.status, 'a terminal execution stays as it ended').toBe(before.status);
      }
      if (before.status === 'waiting' && row.status !== 'waiting') {
        expect(['handOver', 'cancel'], 'only a hand-over or a cancel moves a waiting execution').toContain(
          kind,
        );
      }
    }
    const accepted = model.memory.filter((memory) => {
      const epoch = memory.get(id);
      return (
        epoch !== undefined && row.status === 'running' && row.epoch === epoch && row.lease_owner !== null
      );
    });
    expect(accepted.length, 'at most one worker holds the lease').toBeLessThanOrEqual(1);
    system.seen.set(id, row);
  }
}
