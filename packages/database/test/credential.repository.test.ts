import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createCredentialRepository } from '../src/credential.repository.js';
import { freezeClockAt, restoreClockAfterEach } from './clock.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('CredentialRepository', (database) => {
  restoreClockAfterEach();
  const credentials = () => createCredentialRepository(database.connection().db);
  // A type of its own per test keeps filtered lists independent of other tests' rows.
  const uniqueType = () => `test.${randomUUID()}`;

  it('creates with a minted UUID and reads it back', async () => {
    freezeClockAt(1_000);
    const created = await credentials().create({ name: 'GitHub', type: 'githubApi', data: 'v1:sealed' });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: 'GitHub',
      type: 'githubApi',
      data: 'v1:sealed',
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(await credentials().get(created.id)).toEqual(created);
    expect(await credentials().get('no-such-credential')).toBeUndefined();
  });

  it('keeps a given id, and a taken id is DB_CONFLICT', async () => {
    const id = `cred-${randomUUID()}`;
    const created = await credentials().create({ id, name: 'A', type: 't', data: 'd' });
    expect(created.id).toBe(id);
    await expect(credentials().create({ id, name: 'B', type: 't', data: 'e' })).rejects.toMatchObject({
      code: 'DB_CONFLICT',
      details: { id },
    });
    expect(await credentials().get(id)).toMatchObject({ name: 'A', data: 'd' });
  });

  it('lists oldest first, filtered by type', async () => {
    const [type, otherType] = [uniqueType(), uniqueType()];
    freezeClockAt(3_000);
    const newer = await credentials().create({ name: 'newer', type, data: 'd' });
    freezeClockAt(2_000);
    const older = await credentials().create({ name: 'older', type, data: 'd' });
    const other = await credentials().create({ name: 'other', type: otherType, data: 'd' });
    expect(await credentials().list({ type })).toEqual([older, newer]);
    expect(await credentials().list({ type: otherType })).toEqual([other]);
    const all = await credentials().list();
    expect(all).toEqual(expect.arrayContaining([older, newer, other]));
    expect(all.map((c) => c.createdAt)).toEqual([...all.map((c) => c.createdAt)].sort((a, b) => a - b));
  });

  it('updates the given fields and bumps updatedAt only', async () => {
    freezeClockAt(1_000);
    const created = await credentials().create({ name: 'old', type: 'httpBasicAuth', data: 'sealed-1' });
    freezeClockAt(5_000);
    const renamed = await credentials().update(created.id, { name: 'new' });
    expect(renamed).toEqual({ ...created, name: 'new', updatedAt: 5_000 });
    freezeClockAt(6_000);
    const resealed = await credentials().update(created.id, { data: 'sealed-2' });
    expect(resealed).toEqual({ ...created, name: 'new', data: 'sealed-2', updatedAt: 6_000 });
    expect(await credentials().get(created.id)).toEqual(resealed);
  });

  it('updating an unknown id is DB_NOT_FOUND', async () => {
    await expect(credentials().update('no-such-credential', { name: 'x' })).rejects.toMatchObject({
      code: 'DB_NOT_FOUND',
      details: { id: 'no-such-credential' },
    });
  });

  it('deletes, answering whether there was something to delete', async () => {
    const created = await credentials().create({ name: 'gone', type: 't', data: 'd' });
    expect(await credentials().delete(created.id)).toBe(true);
    expect(await credentials().get(created.id)).toBeUndefined();
    expect(await credentials().delete(created.id)).toBe(false);
  });
});
