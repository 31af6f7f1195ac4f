import { expect, it } from 'vitest';
import { createScheduleRepository } from '../src/schedule.repository.js';
import { createWorkflowRepository } from '../src/workflow.repository.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeWorkflow } from './workflow-fixture.js';

describeOnBothDialects('ScheduleRepository', (database) => {
  const schedules = () => createScheduleRepository(database.connection().db);
  const newWorkflow = async () =>
    (await createWorkflowRepository(database.connection().db).create(makeWorkflow())).id;
  const of = async (workflowId: string) =>
    (await schedules().list()).filter((s) => s.workflowId === workflowId);
  const slot = (workflowId: string, slotAt: number, outcome: 'fired' | 'skipped' = 'fired') => ({
    workflowId,
    nodeId: 'a',
    slotAt,
    firedAt: slotAt + 1,
    outcome,
  });

  it('syncs the schedule rows, keeping the last slot of those that stay', async () => {
    const workflowId = await newWorkflow();
    await schedules().syncForWorkflow(workflowId, ['a', 'b', 'a']);
    expect(await of(workflowId)).toEqual([
      { workflowId, nodeId: 'a', lastSlotAt: undefined },
      { workflowId, nodeId: 'b', lastSlotAt: undefined },
    ]);
    expect(await schedules().claimSlot(slot(workflowId, 60_000))).toBe(true);
    await schedules().syncForWorkflow(workflowId, ['a', 'c']);
    expect(await of(workflowId)).toEqual([
      { workflowId, nodeId: 'a', lastSlotAt: 60_000 },
      { workflowId, nodeId: 'c', lastSlotAt: undefined },
    ]);
    await schedules().syncForWorkflow(workflowId, []);
    expect(await of(workflowId)).toEqual([]);
    await expect(schedules().syncForWorkflow('missing', ['a'])).rejects.toMatchObject({
      code: 'DB_NOT_FOUND',
    });
  });

  it('claims a slot once, advancing lastSlotAt only forward, and counts outcomes', async () => {
    const workflowId = await newWorkflow();
    await schedules().syncForWorkflow(workflowId, ['a']);
    const before = await schedules().countSlots();
    expect(await schedules().claimSlot({ ...slot(workflowId, 120_000), executionId: 'e1' })).toBe(true);
    expect(await schedules().claimSlot(slot(workflowId, 120_000))).toBe(false);
    expect(await schedules().claimSlot(slot(workflowId, 60_000, 'skipped'))).toBe(true);
    expect((await of(workflowId))[0]?.lastSlotAt).toBe(120_000);
    expect(await schedules().claimSlot(slot(workflowId, 180_000))).toBe(true);
    expect((await of(workflowId))[0]?.lastSlotAt).toBe(180_000);
    expect(await schedules().countSlots()).toEqual({ fired: before.fired + 2, skipped: before.skipped + 1 });
    const stored = await database
      .connection()
      .db.selectFrom('schedule_slots')
      .select(['execution_id', 'outcome'])
      .where('workflow_id', '=', workflowId)
      .where('slot_at', '=', 120_000)
      .execute();
    expect(stored).toEqual([{ execution_id: 'e1', outcome: 'fired' }]);
  });

  it('lets exactly one of several concurrent claims of a slot win', async () => {
    const workflowId = await newWorkflow();
    await schedules().syncForWorkflow(workflowId, ['a']);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => schedules().claimSlot(slot(workflowId, 300_000))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await of(workflowId))[0]?.lastSlotAt).toBe(300_000);
  });
});
