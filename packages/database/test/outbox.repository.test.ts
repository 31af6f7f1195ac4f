import { beforeEach, expect, it } from 'vitest';
import { createOutboxRepository } from '../src/outbox.repository.js';
import { freezeClockAt, restoreClockAfterEach } from './clock.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('OutboxRepository', (database) => {
  restoreClockAfterEach();
  const outbox = () => createOutboxRepository(database.connection().db);
  beforeEach(async () => {
    await database.connection().db.deleteFrom('outbox').execute();
  });

  it('adds a message with its payload as JSON and no attempts', async () => {
    freezeClockAt(1_000);
    const payload = { executionId: 'e1', items: [{ json: { a: 'é', n: null } }] };
    const added = await outbox().add({ topic: 'execution.enqueued', payload });
    expect(added).toEqual({
      id: expect.any(String),
      topic: 'execution.enqueued',
      payload,
      createdAt: 1_000,
      attempts: 0,
    });
    expect(await outbox().take(10)).toEqual([{ ...added, attempts: 1 }]);
  });

  it('takes the oldest first, up to the limit', async () => {
    freezeClockAt(3_000);
    const newest = await outbox().add({ topic: 't', payload: 3 });
    freezeClockAt(1_000);
    const oldest = await outbox().add({ topic: 't', payload: 1 });
    freezeClockAt(2_000);
    const middle = await outbox().add({ topic: 't', payload: 2 });
    expect((await outbox().take(2)).map((m) => m.id)).toEqual([oldest.id, middle.id]);
    expect((await outbox().take(10)).map((m) => m.id)).toEqual([oldest.id, middle.id, newest.id]);
  });

  it('increments attempts of the taken messages only, and stores the count', async () => {
    freezeClockAt(1_000);
    const first = await outbox().add({ topic: 't', payload: 'a' });
    freezeClockAt(2_000);
    const second = await outbox().add({ topic: 't', payload: 'b' });
    expect(await outbox().take(1)).toEqual([{ ...first, attempts: 1 }]);
    expect(await outbox().take(1)).toEqual([{ ...first, attempts: 2 }]);
    expect(await outbox().take(5)).toEqual([
      { ...first, attempts: 3 },
      { ...second, attempts: 1 },
    ]);
    const stored = await database.connection().db.selectFrom('outbox').select(['id', 'attempts']).execute();
    expect(Object.fromEntries(stored.map((row) => [row.id, row.attempts]))).toEqual({
      [first.id]: 3,
      [second.id]: 1,
    });
  });

  it('takes nothing for an empty outbox or a limit below one', async () => {
    expect(await outbox().take(5)).toEqual([]);
    const added = await outbox().add({ topic: 't', payload: {} });
    expect(await outbox().take(0)).toEqual([]);
    expect(await outbox().take(-1)).toEqual([]);
    expect(await outbox().take(1)).toEqual([{ ...added, attempts: 1 }]);
  });

  it('removes the given messages; an empty list removes nothing', async () => {
    const kept = await outbox().add({ topic: 't', payload: 1 });
    const gone = await outbox().add({ topic: 't', payload: 2 });
    await outbox().remove([]);
    await outbox().remove([gone.id, 'no-such-message']);
    expect(await outbox().take(10)).toEqual([{ ...kept, attempts: 1 }]);
  });

  it('refuses a payload JSON cannot hold with DB_VALUE_NOT_JSON', async () => {
    await expect(outbox().add({ topic: 't', payload: undefined })).rejects.toMatchObject({
      code: 'DB_VALUE_NOT_JSON',
    });
    expect(await outbox().take(10)).toEqual([]);
  });
});
