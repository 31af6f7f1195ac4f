import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeExecution } from './execution-fixture.js';
import { outboxOf } from './lease-fixture.js';

describeOnBothDialects('ExecutionRepository.create with outbox messages', (database) => {
  const repo = () => createExecutionRepository(database.connection().db);
  const messagesOf = async (executionId: string) =>
    (await outboxOf(database.connection().db, executionId)).sort((a, b) => a.topic.localeCompare(b.topic));
  const jobOf = (executionId: string, topic = 'execution.enqueued') => ({ topic, payload: { executionId } });

  it('commits the messages with the execution', async () => {
    const id = randomUUID();
    const execution = makeExecution({ id, outbox: [jobOf(id), jobOf(id, 'execution.audit')] });
    expect((await repo().create(execution)).created).toBe(true);
    expect(await messagesOf(id)).toEqual([jobOf(id, 'execution.audit'), jobOf(id)]);
  });

  it('stores the messages of every execution of a burst sharing one commit', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(ids.map((id) => repo().create(makeExecution({ id, outbox: [jobOf(id)] }))));
    for (const id of ids) expect(await messagesOf(id)).toEqual([jobOf(id)]);
  });

  it('commits no message of an execution whose insert fails, and all those of its burst neighbours', async () => {
    const taken = makeExecution();
    await repo().create(taken);
    const good = Array.from({ length: 3 }, () => randomUUID());
    const results = await Promise.allSettled([
      ...good.map((id) => repo().create(makeExecution({ id, outbox: [jobOf(id)] }))),
      repo().create({ ...taken, outbox: [jobOf(taken.id)] }),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'DB_CONFLICT' });
    expect(await messagesOf(taken.id)).toEqual([]);
    for (const id of good) expect(await messagesOf(id)).toEqual([jobOf(id)]);
  });

  it('adds no message for a repeated idempotency key', async () => {
    const first = makeExecution({ idempotencyKey: `key-${randomUUID()}` });
    await repo().create({ ...first, outbox: [jobOf(first.id)] });
    const repeatId = randomUUID();
    const repeat = { ...first, id: repeatId, outbox: [jobOf(repeatId)] };
    expect(await repo().create(repeat)).toMatchObject({ created: false, record: { id: first.id } });
    expect(await messagesOf(first.id)).toEqual([jobOf(first.id)]);
    expect(await messagesOf(repeatId)).toEqual([]);
  });

  it('stores neither the execution nor its messages when a payload cannot be JSON', async () => {
    const id = randomUUID();
    const execution = makeExecution({ id, outbox: [jobOf(id), { topic: 'bad', payload: undefined }] });
    await expect(repo().create(execution)).rejects.toMatchObject({ code: 'DB_VALUE_NOT_JSON' });
    expect(await repo().get(id)).toBeUndefined();
    expect(await messagesOf(id)).toEqual([]);
  });
});
