import { type Kysely, sql } from 'kysely';
import type { ScheduleRepository } from './repositories.types.js';
import type { DatabaseSchema } from './schema.js';
import { isUniqueViolation, optional, requireWorkflow } from './sql-helpers.js';

/** Schedules and their claimed slots over Kysely; the slot's primary key is what makes a fire unique (G8). */
export function createScheduleRepository(db: Kysely<DatabaseSchema>): ScheduleRepository {
  return {
    async syncForWorkflow(workflowId, nodeIds) {
      const wanted = [...new Set(nodeIds)];
      await db.transaction().execute(async (trx) => {
        let stale = trx.deleteFrom('schedules').where('workflow_id', '=', workflowId);
        if (wanted.length > 0) stale = stale.where('node_id', 'not in', wanted);
        await stale.execute();
        if (wanted.length === 0) return;
        await requireWorkflow(trx, workflowId);
        // Rows that stay keep their last slot, so a re-sync does not re-fire or re-count anything.
        await trx
          .insertInto('schedules')
          .values(wanted.map((nodeId) => ({ workflow_id: workflowId, node_id: nodeId, last_slot_at: null })))
          .onConflict((conflict) => conflict.columns(['workflow_id', 'node_id']).doNothing())
          .execute();
      });
    },

    async list() {
      const rows = await db
        .selectFrom('schedules')
        .selectAll()
        .orderBy('workflow_id')
        .orderBy('node_id')
        .execute();
      return rows.map((row) => ({
        workflowId: row.workflow_id,
        nodeId: row.node_id,
        lastSlotAt: optional(row.last_slot_at),
      }));
    },

    async claimSlot(slot) {
      try {
        await db.transaction().execute(async (trx) => {
          // The claim is the first statement: on PostgreSQL a violation aborts the transaction, which we
          // then roll back whole; nothing else has been written.
          await trx
            .insertInto('schedule_slots')
            .values({
              workflow_id: slot.workflowId,
              node_id: slot.nodeId,
              slot_at: slot.slotAt,
              fired_at: slot.firedAt,
              execution_id: slot.executionId ?? null,
              outcome: slot.outcome,
            })
            .execute();
          // Slots may be claimed out of order (catch-up): the last slot only moves forward.
          await trx
            .updateTable('schedules')
            .set({
              last_slot_at: sql<number>`case when last_slot_at is null or last_slot_at < ${slot.slotAt} then ${slot.slotAt} else last_slot_at end`,
            })
            .where('workflow_id', '=', slot.workflowId)
            .where('node_id', '=', slot.nodeId)
            .execute();
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async countSlots() {
      const rows = await db
        .selectFrom('schedule_slots')
        .select((eb) => ['outcome', eb.fn.countAll<number>().as('count')])
        .groupBy('outcome')
        .execute();
      const count = (outcome: string) => Number(rows.find((row) => row.outcome === outcome)?.count ?? 0);
      return { fired: count('fired'), skipped: count('skipped') };
    },
  };
}
