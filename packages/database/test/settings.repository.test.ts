import { expect, it } from 'vitest';
import { createSettingsRepository } from '../src/settings.repository.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('SettingsRepository', (database) => {
  const settings = () => createSettingsRepository(database.connection().db);

  it('answers undefined for a key never set', async () => {
    expect(await settings().get('never.set')).toBeUndefined();
  });

  it.each([
    ['an object', { theme: 'dark', retries: [1, 2, 3], nested: { ok: true, none: null } }],
    ['an array', ['a', 1, false]],
    ['a string', 'héllo "world"'],
    ['a number', 12.5],
    ['false', false],
    ['null', null],
  ])('round-trips %s as JSON', async (_label, value) => {
    const key = `round.${_label}`;
    await settings().set(key, value);
    expect(await settings().get(key)).toEqual(value);
  });

  it('set overwrites the previous value, keeping one row', async () => {
    await settings().set('instance.name', 'first');
    await settings().set('instance.name', { renamed: true });
    expect(await settings().get('instance.name')).toEqual({ renamed: true });
    const rows = await database
      .connection()
      .db.selectFrom('settings')
      .selectAll()
      .where('key', '=', 'instance.name')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a value JSON cannot hold with DB_VALUE_NOT_JSON, keeping the old value', async () => {
    await settings().set('kept', 1);
    await expect(settings().set('kept', undefined)).rejects.toMatchObject({ code: 'DB_VALUE_NOT_JSON' });
    await expect(settings().set('kept', 10n)).rejects.toMatchObject({ code: 'DB_VALUE_NOT_JSON' });
    expect(await settings().get('kept')).toBe(1);
  });
});
