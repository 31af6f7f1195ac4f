import { beforeEach, expect, it } from 'vitest';
import { createVariableRepository } from '../src/variable.repository.js';
import { freezeClockAt, restoreClockAfterEach } from './clock.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('VariableRepository', (database) => {
  restoreClockAfterEach();
  const variables = () => createVariableRepository(database.connection().db);
  beforeEach(async () => {
    await database.connection().db.deleteFrom('variables').execute();
  });

  it('creates, lists oldest first and maps keys to values', async () => {
    freezeClockAt(2_000);
    const b = await variables().create({ key: 'B_SECOND', value: '2' });
    freezeClockAt(1_000);
    const a = await variables().create({ key: 'a_first', value: '1' });
    expect(a).toEqual({
      id: expect.any(String),
      key: 'a_first',
      value: '1',
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(await variables().list()).toEqual([a, b]);
    expect(await variables().asRecord()).toEqual({ a_first: '1', B_SECOND: '2' });
  });

  it.each(['', '1abc', 'with-dash', 'with space', 'dot.ted', 'ümlaut', 'a$'])(
    'refuses the key "%s" with VARIABLE_KEY_INVALID',
    async (key) => {
      await expect(variables().create({ key, value: 'v' })).rejects.toMatchObject({
        code: 'VARIABLE_KEY_INVALID',
        intent: 'user',
        details: { key },
      });
      const existing = await variables().create({ key: 'valid', value: 'v' });
      await expect(variables().update(existing.id, { key })).rejects.toMatchObject({
        code: 'VARIABLE_KEY_INVALID',
      });
      expect(await variables().list()).toEqual([existing]);
    },
  );

  it('accepts identifiers starting with a letter or underscore', async () => {
    for (const key of ['x', '_', '_private', 'CamelCase9', 'snake_case_2']) {
      await expect(variables().create({ key, value: '' })).resolves.toMatchObject({ key });
    }
  });

  it('a taken key is DB_CONFLICT on create and on rename', async () => {
    freezeClockAt(1_000);
    const first = await variables().create({ key: 'TOKEN', value: 'one' });
    freezeClockAt(2_000);
    const second = await variables().create({ key: 'OTHER', value: 'two' });
    await expect(variables().create({ key: 'TOKEN', value: 'x' })).rejects.toMatchObject({
      code: 'DB_CONFLICT',
      details: { key: 'TOKEN' },
    });
    await expect(variables().update(second.id, { key: 'TOKEN' })).rejects.toMatchObject({
      code: 'DB_CONFLICT',
      details: { key: 'TOKEN' },
    });
    expect(await variables().list()).toEqual([first, second]);
  });

  it('updates the key and value and bumps updatedAt', async () => {
    freezeClockAt(1_000);
    const created = await variables().create({ key: 'OLD', value: 'v1' });
    freezeClockAt(3_000);
    const updated = await variables().update(created.id, { key: 'NEW', value: 'v2' });
    expect(updated).toEqual({ ...created, key: 'NEW', value: 'v2', updatedAt: 3_000 });
    freezeClockAt(4_000);
    expect(await variables().update(created.id, { value: 'v3' })).toEqual({
      ...updated,
      value: 'v3',
      updatedAt: 4_000,
    });
    expect(await variables().asRecord()).toEqual({ NEW: 'v3' });
  });

  it('updating an unknown id is DB_NOT_FOUND', async () => {
    await expect(variables().update('no-such-variable', { value: 'x' })).rejects.toMatchObject({
      code: 'DB_NOT_FOUND',
    });
  });

  it('deletes, answering whether there was something to delete', async () => {
    const created = await variables().create({ key: 'GONE', value: 'v' });
    expect(await variables().delete(created.id)).toBe(true);
    expect(await variables().delete(created.id)).toBe(false);
    expect(await variables().asRecord()).toEqual({});
  });

  it('keeps a key named __proto__ as an ordinary entry of the record', async () => {
    await variables().create({ key: '__proto__', value: 'polluted?' });
    const record = await variables().asRecord();
    expect(Object.keys(record)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('polluted?');
  });
});
