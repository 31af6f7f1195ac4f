import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createWorkflowRepository } from '../src/workflow.repository.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeWorkflow } from './workflow-fixture.js';

describeOnBothDialects('WorkflowRepository', (database) => {
  const repo = () => createWorkflowRepository(database.connection().db);

  it('creates version 1 and reads it back, tags canonical in both the record and the definition', async () => {
    const workflow = makeWorkflow({ tags: [' prod ', 'billing', 'prod', ''] });
    const created = await repo().create(workflow, { active: true });
    expect(created).toMatchObject({ id: workflow.id, name: workflow.name, active: true, version: 1 });
    expect(created.tags).toEqual(['billing', 'prod']);
    expect(created.definition).toEqual({ ...workflow, tags: ['billing', 'prod'] });
    expect(await repo().get(workflow.id)).toEqual(created);
    expect(await repo().get('missing')).toBeUndefined();
  });

  it('gives a definition without tags an empty tag list', async () => {
    const created = await repo().create(makeWorkflow());
    expect(created.tags).toEqual([]);
    expect(created.definition.tags).toEqual([]);
    expect(created.active).toBe(false);
  });

  it('refuses a taken id with DB_CONFLICT', async () => {
    const workflow = makeWorkflow();
    await repo().create(workflow);
    await expect(repo().create({ ...workflow, name: 'other' })).rejects.toMatchObject({
      code: 'DB_CONFLICT',
    });
    expect((await repo().get(workflow.id))?.name).toBe(workflow.name);
  });

  it('updates: bumps the version, keeps history, relinks tags', async () => {
    const workflow = makeWorkflow({ tags: ['a-tag'] });
    await repo().create(workflow);
    const changed = { ...workflow, name: 'Renamed', tags: ['b-tag'] };
    const updated = await repo().update(workflow.id, changed, 1);
    expect(updated).toMatchObject({ version: 2, name: 'Renamed', tags: ['b-tag'] });
    expect(updated.definition).toEqual(changed);
    expect((await repo().listVersions(workflow.id)).map((v) => v.version)).toEqual([2, 1]);
    expect(await repo().getVersion(workflow.id, 1)).toEqual({ ...workflow, tags: ['a-tag'] });
    expect(await repo().getVersion(workflow.id, 2)).toEqual(changed);
    expect(await repo().getVersion(workflow.id, 3)).toBeUndefined();
    const byTag = await repo().list({ limit: 10, tag: 'b-tag' });
    expect(byTag.items.map((item) => item.id)).toContain(workflow.id);
    expect((await repo().list({ limit: 10, tag: 'a-tag' })).items.map((item) => item.id)).not.toContain(
      workflow.id,
    );
    // Without expectedVersion the update always applies.
    expect((await repo().update(workflow.id, changed)).version).toBe(3);
  });

  it('rejects a stale expectedVersion with DB_VERSION_CONFLICT and changes nothing', async () => {
    const workflow = makeWorkflow();
    await repo().create(workflow);
    await repo().update(workflow.id, { ...workflow, name: 'v2' }, 1);
    await expect(repo().update(workflow.id, { ...workflow, name: 'stale' }, 1)).rejects.toMatchObject({
      code: 'DB_VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
    const current = await repo().get(workflow.id);
    expect(current).toMatchObject({ name: 'v2', version: 2 });
    expect(await repo().listVersions(workflow.id)).toHaveLength(2);
  });

  it('lets exactly one of two concurrent saves of the same version win', async () => {
    const workflow = makeWorkflow();
    await repo().create(workflow);
    const results = await Promise.allSettled([
      repo().update(workflow.id, { ...workflow, name: 'left' }, 1),
      repo().update(workflow.id, { ...workflow, name: 'right' }, 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'DB_VERSION_CONFLICT' },
    });
    expect((await repo().get(workflow.id))?.version).toBe(2);
  });

  it('rejects updates of unknown ids and mismatched definitions', async () => {
    const workflow = makeWorkflow();
    await expect(repo().update(workflow.id, workflow)).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
    await repo().create(workflow);
    await expect(repo().update(workflow.id, { ...workflow, id: 'other' })).rejects.toMatchObject({
      code: 'DB_ID_MISMATCH',
    });
  });

  it('activates without bumping the version and lists active workflows', async () => {
    const workflow = makeWorkflow();
    await repo().create(workflow);
    const active = await repo().setActive(workflow.id, true);
    expect(active).toMatchObject({ active: true, version: 1 });
    expect((await repo().listActive()).map((w) => w.id)).toContain(workflow.id);
    await repo().setActive(workflow.id, false);
    expect((await repo().listActive()).map((w) => w.id)).not.toContain(workflow.id);
    await expect(repo().setActive('missing', true)).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
  });

  it('deletes with versions, tag links, webhooks and schedules', async () => {
    const { db } = database.connection();
    const workflow = makeWorkflow({ tags: [`gone-${randomUUID()}`] });
    await repo().create(workflow);
    await repo().update(workflow.id, workflow);
    await db
      .insertInto('webhooks')
      .values({ method: 'GET', path: workflow.id, workflow_id: workflow.id, node_id: 'trigger' })
      .execute();
    await db
      .insertInto('schedules')
      .values({ workflow_id: workflow.id, node_id: 'trigger', last_slot_at: null })
      .execute();
    expect(await repo().delete(workflow.id)).toBe(true);
    expect(await repo().delete(workflow.id)).toBe(false);
    expect(await repo().get(workflow.id)).toBeUndefined();
    expect(await repo().listVersions(workflow.id)).toEqual([]);
    for (const table of ['workflow_tags', 'webhooks', 'schedules'] as const) {
      const rows = await db
        .selectFrom(table)
        .select('workflow_id')
        .where('workflow_id', '=', workflow.id)
        .execute();
      expect(rows, table).toEqual([]);
    }
  });

  it('pages by (updatedAt desc, id desc) without duplicates or gaps, ties included', async () => {
    const { db } = database.connection();
    const marker = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const workflow = makeWorkflow({ name: `page ${marker} ${i}` });
      await repo().create(workflow);
      ids.push(workflow.id);
    }
    // Three groups of equal updatedAt, so page boundaries fall inside ties.
    for (const [index, id] of ids.entries()) {
      await db
        .updateTable('workflows')
        .set({ updated_at: 1_000 + Math.floor(index / 3) })
        .where('id', '=', id)
        .execute();
    }
    const expected = ids
      .map((id, index) => ({ id, at: 1_000 + Math.floor(index / 3) }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((entry) => entry.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await repo().list({ limit: 3, name: marker, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('filters by active, tag and a case-insensitive name substring with wildcards taken literally', async () => {
    const marker = randomUUID().slice(0, 8);
    const tag = `tag-${marker}`;
    const make = async (name: string, tags: string[], active: boolean) =>
      (await repo().create(makeWorkflow({ name: `${marker} ${name}`, tags }), { active })).id;
    const percent = await make('100% Done', [tag], true);
    const plain = await make('100x done', [tag], false);
    const underscore = await make('a_b', [], true);
    const other = await make('axb', [], true);
    const names = async (query: { name?: string; active?: boolean; tag?: string }) =>
      (await repo().list({ limit: 50, ...query })).items.map((item) => item.id).sort();
    expect(await names({ name: `${marker} 100% done`.toUpperCase() })).toEqual([percent]);
    expect(await names({ name: `${marker} a_b` })).toEqual([underscore]);
    expect(await names({ name: marker })).toEqual([percent, plain, underscore, other].sort());
    expect(await names({ name: marker, active: false })).toEqual([plain]);
    expect(await names({ tag })).toEqual([percent, plain].sort());
    expect(await names({ tag, active: true })).toEqual([percent]);
    const summary = (await repo().list({ limit: 1, tag, active: true })).items[0];
    expect(summary).toEqual({ ...(await repo().get(percent)), definition: undefined });
  });

  it('rejects malformed cursors and limits', async () => {
    await expect(repo().list({ limit: 10, cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'DB_CURSOR_INVALID',
    });
    await expect(repo().list({ limit: 0 })).rejects.toMatchObject({ code: 'DB_LIMIT_INVALID' });
    await expect(repo().list({ limit: 501 })).rejects.toMatchObject({ code: 'DB_LIMIT_INVALID' });
  });
});
