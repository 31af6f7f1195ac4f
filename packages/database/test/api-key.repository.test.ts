import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createApiKeyRepository } from '../src/api-key.repository.js';
import type { UserRecord } from '../src/repositories.types.js';
import { createUserRepository } from '../src/user.repository.js';
import { freezeClockAt, restoreClockAfterEach } from './clock.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('ApiKeyRepository', (database) => {
  restoreClockAfterEach();
  const keys = () => createApiKeyRepository(database.connection().db);
  const createUser = (): Promise<UserRecord> =>
    createUserRepository(database.connection().db).create({
      email: `${randomUUID()}@example.com`,
      passwordHash: 'hash',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'owner',
    });
  const newKey = (userId: string, label = 'ci') => ({
    userId,
    label,
    keyHash: randomUUID(),
    prefix: 'kf_abc',
  });

  it('creates a key and lists it without its hash', async () => {
    const user = await createUser();
    const before = Date.now();
    const created = await keys().create(newKey(user.id));
    expect(created).toMatchObject({ userId: user.id, label: 'ci', prefix: 'kf_abc' });
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    expect(created.lastUsedAt).toBeUndefined();
    expect(created.revokedAt).toBeUndefined();
    const listed = await keys().listForUser(user.id);
    expect(listed).toEqual([created]);
    expect(listed[0]).not.toHaveProperty('keyHash');
    expect(listed[0]).not.toHaveProperty('key_hash');
  });

  it('finds an active key by hash together with its user', async () => {
    const user = await createUser();
    const input = newKey(user.id);
    const created = await keys().create(input);
    expect(await keys().findActiveByHash(input.keyHash)).toEqual({ key: created, user });
    expect(await keys().findActiveByHash('no-such-hash')).toBeUndefined();
  });

  it('lists only the given user’s keys, oldest first', async () => {
    const [owner, other] = [await createUser(), await createUser()];
    freezeClockAt(2_000);
    const newer = await keys().create(newKey(owner.id, 'newer'));
    freezeClockAt(1_000);
    const older = await keys().create(newKey(owner.id, 'older'));
    await keys().create(newKey(other.id, 'theirs'));
    expect(await keys().listForUser(owner.id)).toEqual([older, newer]);
    expect(await keys().listForUser('no-such-user')).toEqual([]);
  });

  it('revokes only the user’s own key, once', async () => {
    const [owner, other] = [await createUser(), await createUser()];
    const input = newKey(owner.id);
    const key = await keys().create(input);
    expect(await keys().revoke(key.id, other.id, 2_000)).toBe(false);
    expect(await keys().findActiveByHash(input.keyHash)).toBeDefined();
    expect(await keys().revoke(key.id, owner.id, 2_000)).toBe(true);
    expect(await keys().findActiveByHash(input.keyHash)).toBeUndefined();
    expect(await keys().revoke(key.id, owner.id, 3_000)).toBe(false);
    expect(await keys().listForUser(owner.id)).toEqual([{ ...key, revokedAt: 2_000 }]);
    expect(await keys().revoke('no-such-key', owner.id, 3_000)).toBe(false);
  });

  it('records the last use', async () => {
    const user = await createUser();
    const input = newKey(user.id);
    const key = await keys().create(input);
    await keys().touch(key.id, 4_000);
    await keys().touch('no-such-key', 4_000);
    expect((await keys().findActiveByHash(input.keyHash))?.key.lastUsedAt).toBe(4_000);
    await keys().touch(key.id, 5_000);
    expect((await keys().listForUser(user.id))[0]?.lastUsedAt).toBe(5_000);
  });

  it('rejects a second key with the same hash with DB_CONFLICT', async () => {
    const user = await createUser();
    const input = newKey(user.id);
    await keys().create(input);
    await expect(keys().create({ ...input, label: 'again' })).rejects.toMatchObject({ code: 'DB_CONFLICT' });
    expect(await keys().listForUser(user.id)).toHaveLength(1);
  });
});
