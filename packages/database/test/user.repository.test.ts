import { UserError } from '@klikkflow/types';
import { expect, it } from 'vitest';
import { createUserRepository } from '../src/user.repository.js';
import { describeOnBothDialects } from './contract-harness.js';

const newUser = (email: string) => ({
  email,
  passwordHash: 'hash',
  firstName: 'Ada',
  lastName: 'Lovelace',
  role: 'owner',
});

describeOnBothDialects('UserRepository', (database) => {
  const users = () => createUserRepository(database.connection().db);

  it('creates a user with a fresh id and lower-cased email, and reads it back', async () => {
    const before = Date.now();
    const created = await users().create(newUser('Ada@Example.COM'));
    expect(created).toMatchObject({ ...newUser('ada@example.com') });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    expect(created.updatedAt).toBe(created.createdAt);
    const read = await users().get(created.id);
    expect(read).toEqual(created);
    expect(typeof read?.createdAt).toBe('number');
  });

  it('answers undefined for an unknown id or email', async () => {
    expect(await users().get('no-such-user')).toBeUndefined();
    expect(await users().findByEmail('nobody@example.com')).toBeUndefined();
  });

  it('finds by email case-insensitively', async () => {
    const created = await users().create(newUser('grace@example.com'));
    expect(await users().findByEmail('GRACE@Example.com')).toEqual(created);
    expect(await users().findByEmail('grace@example.com')).toEqual(created);
  });

  it('rejects a taken email, whatever its case, with DB_CONFLICT', async () => {
    await users().create(newUser('linus@example.com'));
    const before = await users().count();
    const error = await users()
      .create(newUser('Linus@EXAMPLE.com'))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'DB_CONFLICT', details: { email: 'linus@example.com' } });
    expect(await users().count()).toBe(before);
  });

  it('counts users as a number', async () => {
    const before = await users().count();
    expect(typeof before).toBe('number');
    await users().create(newUser('one@example.com'));
    await users().create(newUser('two@example.com'));
    expect(await users().count()).toBe(before + 2);
  });
});
