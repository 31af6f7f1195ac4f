import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { UserRecord } from '../src/repositories.types.js';
import { createSessionRepository } from '../src/session.repository.js';
import { createUserRepository } from '../src/user.repository.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('SessionRepository', (database) => {
  const sessions = () => createSessionRepository(database.connection().db);
  const createUser = (): Promise<UserRecord> =>
    createUserRepository(database.connection().db).create({
      email: `${randomUUID()}@example.com`,
      passwordHash: 'hash',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'owner',
    });
  const newSession = (userId: string, expiresAt: number) => ({
    id: randomUUID(),
    userId,
    createdAt: 1_000,
    expiresAt,
  });

  it('finds a live session together with its user', async () => {
    const user = await createUser();
    const session = newSession(user.id, 5_000);
    await sessions().create(session);
    expect(await sessions().find(session.id, 4_999)).toEqual({ session, user });
  });

  it('does not find a session once now reaches expiresAt', async () => {
    const user = await createUser();
    const session = newSession(user.id, 5_000);
    await sessions().create(session);
    expect(await sessions().find(session.id, 5_000)).toBeUndefined();
    expect(await sessions().find(session.id, 6_000)).toBeUndefined();
  });

  it('does not find an unknown session', async () => {
    expect(await sessions().find('no-such-session', 0)).toBeUndefined();
  });

  it('deletes one session, and deleting an unknown one is not an error', async () => {
    const user = await createUser();
    const kept = newSession(user.id, 5_000);
    const dropped = newSession(user.id, 5_000);
    await sessions().create(kept);
    await sessions().create(dropped);
    await sessions().delete(dropped.id);
    await sessions().delete('no-such-session');
    expect(await sessions().find(dropped.id, 0)).toBeUndefined();
    expect(await sessions().find(kept.id, 0)).toBeDefined();
  });

  it('deletes expired sessions (expiresAt <= now) and says how many', async () => {
    const base = 9_000_000_000_000;
    await sessions().deleteExpired(base); // everything earlier tests left behind
    const user = await createUser();
    const early = newSession(user.id, base + 10);
    const edge = newSession(user.id, base + 20);
    const live = newSession(user.id, base + 30);
    for (const session of [early, edge, live]) await sessions().create(session);
    expect(await sessions().deleteExpired(base + 20)).toBe(2);
    expect(await sessions().find(early.id, 0)).toBeUndefined();
    expect(await sessions().find(edge.id, 0)).toBeUndefined();
    expect(await sessions().find(live.id, base + 29)).toMatchObject({ session: live });
    expect(await sessions().deleteExpired(base + 20)).toBe(0);
  });
});
