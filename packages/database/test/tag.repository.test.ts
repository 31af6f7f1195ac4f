import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createTagRepository } from '../src/tag.repository.js';
import { createWorkflowRepository } from '../src/workflow.repository.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeWorkflow } from './workflow-fixture.js';

describeOnBothDialects('TagRepository', (database) => {
  const tags = () => createTagRepository(database.connection().db);
  const workflows = () => createWorkflowRepository(database.connection().db);
  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
  const find = async (name: string) => (await tags().list()).find((tag) => tag.name === name);

  it('creates tags with unique, trimmed names', async () => {
    const name = unique('alpha');
    const created = await tags().create(` ${name} `);
    expect(created).toMatchObject({ name, usageCount: 0 });
    expect(await find(name)).toEqual(created);
    await expect(tags().create(name)).rejects.toMatchObject({ code: 'DB_CONFLICT' });
    await expect(tags().create('   ')).rejects.toMatchObject({ code: 'TAG_NAME_INVALID' });
  });

  it('lists tags sorted by name with how many workflows carry each', async () => {
    const used = unique('used');
    await workflows().create(makeWorkflow({ tags: [used] }));
    await workflows().create(makeWorkflow({ tags: [used, unique('solo')] }));
    expect((await find(used))?.usageCount).toBe(2);
    const names = (await tags().list()).map((tag) => tag.name);
    expect(names).toEqual([...names].sort());
  });

  it('renames the tag inside every workflow definition that carries it, and only those', async () => {
    const old = unique('old');
    const keep = unique('keep');
    const carrier = await workflows().create(makeWorkflow({ tags: [old, keep] }));
    const bystander = await workflows().create(makeWorkflow({ tags: [keep] }));
    const tag = await find(old);
    if (!tag) throw new Error('tag missing');
    const newName = `zz-renamed-${old}`;
    const renamed = await tags().rename(tag.id, newName);
    expect(renamed).toMatchObject({ id: tag.id, name: newName, usageCount: 1 });
    const after = await workflows().get(carrier.id);
    expect(after?.tags).toEqual([keep, newName]);
    expect(after?.definition.tags).toEqual(after?.tags);
    expect(after?.version).toBe(carrier.version);
    expect((await workflows().get(bystander.id))?.definition).toEqual(bystander.definition);
    const listed = await workflows().list({ limit: 10, tag: newName });
    expect(listed.items.map((item) => item.tags)).toEqual([[keep, newName]]);
  });

  it('refuses a rename to a taken name and leaves definitions alone', async () => {
    const a = unique('a');
    const b = unique('b');
    const workflow = await workflows().create(makeWorkflow({ tags: [a, b] }));
    const tag = await find(a);
    if (!tag) throw new Error('tag missing');
    await expect(tags().rename(tag.id, b)).rejects.toMatchObject({ code: 'DB_CONFLICT' });
    expect((await workflows().get(workflow.id))?.definition.tags).toEqual([a, b]);
    expect((await find(a))?.id).toBe(tag.id);
    await expect(tags().rename('missing', unique('x'))).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
  });

  it('deletes a tag from every workflow', async () => {
    const doomed = unique('doomed');
    const stays = unique('stays');
    const workflow = await workflows().create(makeWorkflow({ tags: [doomed, stays] }));
    const tag = await find(doomed);
    if (!tag) throw new Error('tag missing');
    expect(await tags().delete(tag.id)).toBe(true);
    expect(await tags().delete(tag.id)).toBe(false);
    expect(await find(doomed)).toBeUndefined();
    const after = await workflows().get(workflow.id);
    expect(after?.tags).toEqual([stays]);
    expect(after?.definition.tags).toEqual([stays]);
    expect((await workflows().list({ limit: 10, tag: doomed })).items).toEqual([]);
  });
});
