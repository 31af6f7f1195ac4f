import { canTransition, UnexpectedError } from '@klikkflow/types';
import type { Kysely } from 'kysely';
import type { DatabaseDialect } from './connection.js';
import { patchColumns } from './execution.repository.js';
import { writeCheckpoint } from './execution-checkpoint.js';
import { checkpointInOneStatement, claimInOneStatement } from './execution-lease.postgres.js';
import { claimable, heldBy, leaseFree } from './execution-lease-conditions.js';
import { toOutboxRows } from './outbox.repository.js';
import type { ExecutionClaim, ExecutionLeaseRepository } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';
import { writeTransaction } from './sql-helpers.js';

/** Executions leased among workers; see {@link ExecutionLeaseRepository}. */
export function createExecutionLeaseRepository(
  db: Kysely<DatabaseSchema>,
  dialect: DatabaseDialect,
): ExecutionLeaseRepository {
  return {
    claim(id, owner, now, leaseMs) {
      // PostgreSQL: one round trip. SQLite (embedded, one process) keeps its cheap local transaction.
      if (dialect === 'postgres') return claimInOneStatement(db, id, owner, now, leaseMs);
      return writeTransaction(db, dialect, async (trx): Promise<ExecutionClaim | undefined> => {
        // The immediate transaction already excludes every other writer: no row lock to take.
        const row = await trx
          .selectFrom('executions')
          .select([
            'status',
            'epoch',
            'lease_owner',
            'cancel_requested',
            'recoveries',
            'recovery_sequence',
            'started_at',
          ])
          .where('id', '=', id)
          .where(claimable(now))
          .executeTakeFirst();
        if (!row) return undefined;
        // An owner still named means its holder never gave the lease back: it died or stalled.
        const takeover = row.status === 'running' && row.lease_owner !== null;
        let { recoveries, recovery_sequence: recoverySequence } = row;
        if (takeover) {
          const data = await trx
            .selectFrom('execution_data')
            .select('sequence')
            .where('execution_id', '=', id)
            .executeTakeFirstOrThrow();
          recoveries = recoverySequence === data.sequence ? recoveries + 1 : 1;
          recoverySequence = data.sequence;
        }
        const claim: ExecutionClaim = {
          executionId: id,
          epoch: row.epoch + 1,
          owner,
          leaseUntil: now + leaseMs,
          takeover,
          recoveries,
          cancelRequested: row.cancel_requested === 1,
        };
        await trx
          .updateTable('executions')
          .set({
            status: 'running',
            epoch: claim.epoch,
            lease_owner: owner,
            lease_until: claim.leaseUntil,
            started_at: row.started_at ?? now,
            recoveries,
            recovery_sequence: recoverySequence,
          })
          .where('id', '=', id)
          .execute();
        return claim;
      });
    },

    async renew(id, fence) {
      const row = await db
        .updateTable('executions')
        .set({ lease_until: fence.now + fence.leaseMs })
        .where('id', '=', id)
        .where(heldBy(fence.epoch))
        .returning('cancel_requested')
        .executeTakeFirst();
      return { held: row !== undefined, cancelRequested: row?.cancel_requested === 1 };
    },

    checkpoint(id, fence, state, runs) {
      if (dialect === 'postgres') return checkpointInOneStatement(db, id, fence, state, runs);
      return writeTransaction(db, dialect, async (trx) => {
        const held = await trx
          .selectFrom('executions')
          .select('cancel_requested')
          .where('id', '=', id)
          .where(heldBy(fence.epoch))
          .executeTakeFirst();
        if (!held) return 'stale';
        if (!(await writeCheckpoint(trx, id, state, runs))) return 'stale';
        await trx
          .updateTable('executions')
          .set({ lease_until: fence.now + fence.leaseMs })
          .where('id', '=', id)
          .execute();
        return held.cancel_requested === 1 ? 'cancel' : 'ok';
      });
    },

    async finish(id, epoch, to, patch = {}) {
      if (!canTransition('running', to)) {
        throw new UnexpectedError('DB_TRANSITION_INVALID', `a running execution cannot end as "${to}"`, {
          details: { id, to },
        });
      }
      const result = await db
        .updateTable('executions')
        .set({ ...patchColumns(patch), status: to, lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .where(heldBy(epoch))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async release(id, epoch) {
      const result = await db
        .updateTable('executions')
        .set({ lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .where(heldBy(epoch))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async handOver(id, from, patch, outbox) {
      // Only statuses the state machine lets into `running`: never a terminal one, never a leased run.
      const statuses = from.filter((status) => canTransition(status, 'running'));
      if (statuses.length === 0) return false;
      // Encoded first: a payload JSON cannot hold fails before anything is written.
      const messages = toOutboxRows(outbox, Date.now());
      return writeTransaction(db, dialect, async (trx) => {
        const moved = await trx
          .updateTable('executions')
          .set({ ...patchColumns(patch), status: 'running', lease_owner: null, lease_until: null })
          .where('id', '=', id)
          .where('status', 'in', statuses)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return false;
        if (messages.length > 0) await trx.insertInto('outbox').values(messages).execute();
        return true;
      });
    },

    requestCancel(id, now) {
      return writeTransaction(db, dialect, async (trx) => {
        const select = trx.selectFrom('executions').select('status').where('id', '=', id);
        // PostgreSQL locks the row until commit, so the decision cannot race another connection.
        const row = await (dialect === 'postgres' ? select.forUpdate() : select).executeTakeFirst();
        if (!row) return 'missing';
        const update = trx.updateTable('executions').where('id', '=', id);
        if (row.status === 'new' || row.status === 'waiting') {
          await update.set({ status: 'canceled', finished_at: now, wait_till: null }).execute();
          return 'canceled';
        }
        if (row.status !== 'running') return 'conflict';
        await update.set({ cancel_requested: 1 }).execute();
        return 'requested';
      });
    },

    async listRecoverable(now, newGraceMs, limit) {
      // SQLite reads a negative LIMIT as "no limit" and PostgreSQL rejects it; neither is what a caller means.
      const count = Math.floor(limit);
      if (!(count >= 1)) return [];
      const select = () =>
        db
          .selectFrom('executions')
          .select(['id', 'status', 'epoch', 'created_at'])
          .orderBy('created_at')
          .orderBy('id')
          .limit(count);
      // Two queries, each served by a status index, rather than one OR that could scan every execution.
      const stuckNew = await select()
        .where('status', '=', 'new')
        .where('created_at', '<', now - newGraceMs)
        .execute();
      const unleased = await select().where('status', '=', 'running').where(leaseFree(now)).execute();
      return [...stuckNew, ...unleased]
        .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, count)
        .map((row) => ({ id: row.id, status: row.status as 'new' | 'running', epoch: row.epoch }));
    },
  };
}
