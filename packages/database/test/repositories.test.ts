import { expect, it } from 'vitest';
import { createRepositories } from '../src/repositories.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('createRepositories', (database) => {
  it('composes every repository over the one connection', async () => {
    const repositories = createRepositories(database.connection());
    expect(Object.keys(repositories).sort()).toEqual(
      [
        'apiKeys',
        'credentials',
        'executions',
        'leases',
        'outbox',
        'schedules',
        'sessions',
        'settings',
        'tags',
        'users',
        'variables',
        'webhooks',
        'workflows',
      ].sort(),
    );
    // Writes through the composite land in the connection's database.
    await repositories.settings.set('composed', { ok: true });
    expect(await repositories.settings.get('composed')).toEqual({ ok: true });
    const user = await repositories.users.create({
      email: 'Composed@Example.com',
      passwordHash: 'h',
      firstName: 'A',
      lastName: 'B',
      role: 'owner',
    });
    expect(await repositories.users.findByEmail('composed@example.com')).toEqual(user);
  });
});
