import { expect, it } from 'vitest';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('migrations', (database) => {
  it('applies every migration once and reports completion', async () => {
    const connection = database.connection();
    expect(await connection.migrated()).toBe(true);
    const again = await connection.migrate();
    expect(again.applied).toEqual([]);
    expect(again.known).toContain('0001-initial');
  });

  it('answers a ping', async () => {
    await expect(database.connection().ping()).resolves.toBeUndefined();
  });
});
