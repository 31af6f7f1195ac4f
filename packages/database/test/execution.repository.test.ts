import { randomUUID } from 'node:crypto';
import type { NodeRun } from '@klikkflow/types';
import { expect, it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import type { NewExecution } from '../src/repositories.types.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeExecution, makeRun, makeState } from './execution-fixture.js';

describeOnBothDialects('ExecutionRepository', (database) => {
  const repo = () => createExecutionRepository(database.connection().db);

  it('creates the row and its data, readable as record and detail', async () => {
    const execution = makeExecution({ status: 'running', startedAt: 1_500, retryOf: 'earlier' });
    const { record, created } = await repo().create(execution);
    expect(created).toBe(true);
    expect(record).toEqual({
      id: execution.id,
      workflowId: execution.workflowId,
      mode: 'manual',
      status: 'running',
      createdAt: 1_000,
      startedAt: 1_500,
      retryOf: 'earlier',
    });
    expect(await repo().get(execution.id)).toEqual(record);
    const detail = await repo().getDetail(execution.id);
    expect(detail).toEqual({ record, workflow: execution.workflow, start: execution.start, runData: {} });
    expect(detail?.state).toBeUndefined();
    expect(await repo().get('missing')).toBeUndefined();
    expect(await repo().getDetail('missing')).toBeUndefined();
  });

  it('stores the trigger run of a whole execution against its start items once, and reads both back', async () => {
    const triggerItems = [{ json: { body: { text: 'only once '.repeat(50) } } }];
    const trigger: NodeRun = { ...makeRun(0), inputs: [triggerItems], outputs: [[{ json: { seen: true } }]] };
    const execution = makeExecution({
      status: 'success',
      start: { startNodeId: 'trigger', triggerItems },
      runs: [{ nodeId: 'trigger', run: trigger }],
    });
    await repo().create(execution);
    const stored = await database
      .connection()
      .db.selectFrom('execution_node_runs')
      .select('data')
      .where('execution_id', '=', execution.id)
      .executeTakeFirstOrThrow();
    expect(stored.data).not.toContain('only once');
    const detail = await repo().getDetail(execution.id);
    expect(detail?.start).toEqual(execution.start);
    expect(detail?.runData).toEqual({ trigger: [trigger] });
  });

  it('refuses a taken id without an idempotency key as DB_CONFLICT', async () => {
    const execution = makeExecution();
    await repo().create(execution);
    await expect(repo().create(execution)).rejects.toMatchObject({ code: 'DB_CONFLICT' });
  });

  it('returns the first execution for a repeated idempotency key, per workflow', async () => {
    const first = makeExecution({ idempotencyKey: 'order-1' });
    const repeat = { ...makeExecution({ idempotencyKey: 'order-1' }), workflowId: first.workflowId };
    expect((await repo().create(first)).created).toBe(true);
    const again = await repo().create(repeat);
    expect(again).toEqual({
      record: expect.objectContaining({ id: first.id, idempotencyKey: 'order-1' }),
      created: false,
    });
    expect(await repo().get(repeat.id)).toBeUndefined();
    const otherWorkflow = makeExecution({ idempotencyKey: 'order-1' });
    expect((await repo().create(otherWorkflow)).created).toBe(true);
  });

  it('creates exactly one execution when concurrent creates share a key', async () => {
    const base = makeExecution({ idempotencyKey: `race-${randomUUID()}` });
    const attempts = Array.from({ length: 6 }, () => ({ ...base, id: randomUUID() }));
    const results = await Promise.all(attempts.map((attempt) => repo().create(attempt)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const winner = results.find((result) => result.created)?.record.id;
    expect(new Set(results.map((result) => result.record.id))).toEqual(new Set([winner]));
    const rows = await database
      .connection()
      .db.selectFrom('executions')
      .select('id')
      .where('workflow_id', '=', base.workflowId)
      .execute();
    expect(rows).toEqual([{ id: winner }]);
  });

  it('transitions by compare-and-set, applying the patch in the same statement', async () => {
    const execution = makeExecution();
    await repo().create(execution);
    expect(await repo().transition(execution.id, ['running'], 'success')).toBe(false);
    expect(await repo().transition(execution.id, ['new'], 'running', { startedAt: 7 })).toBe(true);
    expect(await repo().transition(execution.id, ['running'], 'waiting', { waitTill: 99 })).toBe(true);
    expect(await repo().get(execution.id)).toMatchObject({ status: 'waiting', startedAt: 7, waitTill: 99 });
    expect(
      await repo().transition(execution.id, ['waiting'], 'error', {
        waitTill: null,
        finishedAt: 120,
        error: { code: 'BOOM', message: 'it broke', nodeId: 'set' },
      }),
    ).toBe(true);
    const failed = await repo().get(execution.id);
    expect(failed).toMatchObject({
      status: 'error',
      finishedAt: 120,
      error: { code: 'BOOM', message: 'it broke', nodeId: 'set' },
    });
    expect(failed?.waitTill).toBeUndefined();
    await repo().transition(execution.id, ['error'], 'error', { error: null });
    expect((await repo().get(execution.id))?.error).toBeUndefined();
    expect(await repo().transition(execution.id, [], 'running')).toBe(false);
    expect(await repo().transition('missing', ['new'], 'running')).toBe(false);
  });

  it('checkpoints state without run data, appends node runs and rebuilds run data in run order', async () => {
    const execution = makeExecution();
    await repo().create(execution);
    expect(
      await repo().checkpoint(execution.id, { ...makeState(execution, 1), runData: { set: [makeRun(0)] } }, [
        { nodeId: 'set', run: makeRun(0) },
        { nodeId: 'trigger', run: makeRun(0) },
      ]),
    ).toBe(true);
    expect(
      await repo().checkpoint(execution.id, makeState(execution, 2), [{ nodeId: 'set', run: makeRun(1) }]),
    ).toBe(true);
    const stored = await database
      .connection()
      .db.selectFrom('execution_data')
      .select(['state', 'sequence'])
      .where('execution_id', '=', execution.id)
      .executeTakeFirstOrThrow();
    expect(stored.sequence).toBe(2);
    expect(JSON.parse(stored.state ?? 'null')).toEqual({ ...makeState(execution, 2), runData: {} });
    const detail = await repo().getDetail(execution.id);
    const runData = { set: [makeRun(0), makeRun(1)], trigger: [makeRun(0)] };
    expect(detail?.runData).toEqual(runData);
    expect(detail?.state).toEqual({ ...makeState(execution, 2), runData });
  });

  it('keeps node state while an execution may continue and drops it once it has ended', async () => {
    const nodeState = { respond: { response: { status: 200, body: 'the whole answer' } } };
    const waiting = makeExecution();
    await repo().create(waiting);
    const parked = { ...makeState(waiting, 1), status: 'waiting' as const, nodeState };
    expect(await repo().checkpoint(waiting.id, parked, [])).toBe(true);
    expect((await repo().getDetail(waiting.id))?.state?.nodeState).toEqual(nodeState);

    const ended = makeExecution();
    const finished = { ...makeState(ended, 3), status: 'success' as const, stack: [], nodeState };
    await repo().create({ ...ended, status: 'success', state: finished, runs: [] });
    const detail = await repo().getDetail(ended.id);
    expect(detail?.state).toEqual({ ...finished, nodeState: {} });
  });

  it('rejects a stale or repeated sequence and writes nothing', async () => {
    const execution = makeExecution();
    await repo().create(execution);
    expect(
      await repo().checkpoint(execution.id, makeState(execution, 5), [{ nodeId: 'set', run: makeRun(0) }]),
    ).toBe(true);
    for (const sequence of [5, 4, 0]) {
      const stale = { ...makeState(execution, sequence), nodeState: { stale: true } };
      expect(
        await repo().checkpoint(execution.id, stale, [
          { nodeId: 'set', run: makeRun(0, 666) },
          { nodeId: 'x', run: makeRun(0) },
        ]),
      ).toBe(false);
    }
    const detail = await repo().getDetail(execution.id);
    expect(detail?.state).toEqual({ ...makeState(execution, 5), runData: { set: [makeRun(0)] } });
    expect(detail?.runData).toEqual({ set: [makeRun(0)] });
    expect(await repo().checkpoint('missing', makeState(execution, 9), [])).toBe(false);
  });

  it('clears data but keeps the sequence guard', async () => {
    const execution = makeExecution();
    await repo().create(execution);
    await repo().checkpoint(execution.id, makeState(execution, 3), [{ nodeId: 'set', run: makeRun(0) }]);
    await repo().clearData(execution.id);
    let detail = await repo().getDetail(execution.id);
    expect(detail?.state).toBeUndefined();
    expect(detail?.runData).toEqual({});
    expect(detail?.workflow).toEqual(execution.workflow);
    expect(
      await repo().checkpoint(execution.id, makeState(execution, 2), [{ nodeId: 'set', run: makeRun(0) }]),
    ).toBe(false);
    detail = await repo().getDetail(execution.id);
    expect(detail?.runData).toEqual({});
  });

  it('deletes executions with their data and node runs', async () => {
    const { db } = database.connection();
    const doomed = [makeExecution(), makeExecution()];
    const kept = makeExecution();
    for (const execution of [...doomed, kept]) {
      await repo().create(execution);
      await repo().checkpoint(execution.id, makeState(execution, 1), [{ nodeId: 'set', run: makeRun(0) }]);
    }
    expect(await repo().delete([...doomed.map((e) => e.id), 'missing'])).toBe(2);
    expect(await repo().delete([])).toBe(0);
    const ids = [...doomed, kept].map((e) => e.id);
    const data = await db
      .selectFrom('execution_data')
      .select('execution_id')
      .where('execution_id', 'in', ids)
      .execute();
    const runs = await db
      .selectFrom('execution_node_runs')
      .select('execution_id')
      .where('execution_id', 'in', ids)
      .execute();
    expect(data).toEqual([{ execution_id: kept.id }]);
    expect(runs).toEqual([{ execution_id: kept.id }]);
  });

  it('pages by (createdAt desc, id desc) without duplicates or gaps, with filters', async () => {
    const workflowId = randomUUID();
    const made: NewExecution[] = [];
    for (let i = 0; i < 9; i++) {
      const execution = makeExecution({ workflowId, createdAt: 10_000 + Math.floor(i / 4) * 10 });
      await repo().create(execution);
      made.push(execution);
    }
    for (const execution of made.slice(0, 3)) await repo().transition(execution.id, ['new'], 'running');
    const expected = [...made]
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo().list({ limit: 2, workflowId, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
    const ids = async (query: Parameters<ReturnType<typeof repo>['list']>[0]) =>
      (await repo().list({ ...query, workflowId })).items.map((item) => item.id);
    expect(await ids({ limit: 50, status: ['running'] })).toEqual(
      expected.filter((id) => made.slice(0, 3).some((e) => e.id === id)),
    );
    expect(await ids({ limit: 50, status: [] })).toEqual([]);
    expect(await ids({ limit: 50, createdAfter: 10_010, createdBefore: 10_020 })).toEqual(
      made
        .filter((e) => e.createdAt === 10_010)
        .map((e) => e.id)
        .sort()
        .reverse(),
    );
    await expect(repo().list({ limit: 5, cursor: '!!' })).rejects.toMatchObject({
      code: 'DB_CURSOR_INVALID',
    });
  });

  it('lists by status oldest first and waiting executions that are due', async () => {
    const workflowId = randomUUID();
    const early = makeExecution({ workflowId, createdAt: 1, status: 'running' });
    const late = makeExecution({ workflowId, createdAt: 2, status: 'running' });
    await repo().create(late);
    await repo().create(early);
    const recovering = (await repo().listByStatus(['running'])).filter((e) => e.workflowId === workflowId);
    expect(recovering.map((e) => e.id)).toEqual([early.id, late.id]);
    expect(await repo().listByStatus([])).toEqual([]);
    await repo().transition(late.id, ['running'], 'waiting', { waitTill: 500 });
    await repo().transition(early.id, ['running'], 'waiting', { waitTill: 800 });
    const due = async (now: number) =>
      (await repo().listWaitingDue(now, 100)).filter((e) => e.workflowId === workflowId).map((e) => e.id);
    expect(await due(499)).toEqual([]);
    expect(await due(500)).toEqual([late.id]);
    expect(await due(900)).toEqual([late.id, early.id]);
  });
});

describeOnBothDialects('ExecutionRepository counting and pruning', (database) => {
  const repo = () => createExecutionRepository(database.connection().db);

  it('counts executions per status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const execution = makeExecution();
      await repo().create(execution);
      ids.push(execution.id);
    }
    await repo().transition(ids[0] as string, ['new'], 'running');
    await repo().transition(ids[1] as string, ['new'], 'canceled');
    expect(await repo().countByStatus()).toEqual({ new: 2, running: 1, canceled: 1 });
  });

  it('prunes terminal executions by age, then beyond the newest `keep`, with their data', async () => {
    const { db } = database.connection();
    await db.deleteFrom('executions').execute();
    const finish = async (
      finishedAt: number | undefined,
      status: 'success' | 'error' | 'canceled' = 'success',
    ) => {
      const execution = makeExecution({ createdAt: 50 });
      await repo().create(execution);
      await repo().checkpoint(execution.id, makeState(execution, 1), [{ nodeId: 'set', run: makeRun(0) }]);
      await repo().transition(execution.id, ['new'], status, finishedAt === undefined ? {} : { finishedAt });
      return execution.id;
    };
    const unfinished = await finish(undefined, 'canceled');
    const at100 = await finish(100, 'error');
    const at200 = await finish(200);
    const at300 = await finish(300, 'canceled');
    const at400 = await finish(400);
    const at500 = await finish(500, 'error');
    const live = makeExecution({ createdAt: 1 });
    await repo().create(live);
    expect(await repo().prune({ finishedBefore: 250, keep: 2 })).toBe(4);
    const left = (await db.selectFrom('executions').select('id').execute()).map((row) => row.id).sort();
    expect(left).toEqual([at400, at500, live.id].sort());
    const orphans = await db
      .selectFrom('execution_node_runs')
      .select('execution_id')
      .where('execution_id', 'in', [unfinished, at100, at200, at300])
      .execute();
    expect(orphans).toEqual([]);
    const data = await db.selectFrom('execution_data').select('execution_id').execute();
    expect(data.map((row) => row.execution_id).sort()).toEqual(left);
    expect(await repo().prune({ finishedBefore: 0, keep: 0 })).toBe(2);
    expect(await repo().get(live.id)).toBeDefined();
    await expect(repo().prune({ finishedBefore: 0, keep: -1 })).rejects.toMatchObject({
      code: 'DB_PRUNE_INVALID',
    });
  });
});
