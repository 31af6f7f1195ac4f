import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { createOutboxRepository } from '../src/outbox.repository.js';
import type { OutboxMessage } from '../src/repositories.types.js';
import type { DatabaseSchema } from '../src/schema.js';
import { freezeClockAt, restoreClockAfterEach } from './clock.js';
import { describeOnBothDialects } from './contract-harness.js';

describeOnBothDialects('OutboxRepository', (database) => {
  restoreClockAfterEach();
  const outbox = () => createOutboxRepository(database.connection().db, database.dialect);
  const storedIds = async () =>
    (await database.connection().db.selectFrom('outbox').select('id').execute()).map((row) => row.id).sort();
  /** Relays once, collecting what was delivered. */
  const relayOnce = async (limit: number) => {
    const delivered: OutboxMessage[][] = [];
    const count = await outbox().relay(limit, async (messages) => {
      delivered.push(messages);
    });
    return { count, delivered };
  };
  beforeEach(async () => {
    await database.connection().db.deleteFrom('outbox').execute();
  });

  it('adds a message with its payload as JSON and no attempts, and relays it as added', async () => {
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
    expect(await relayOnce(10)).toEqual({ count: 1, delivered: [[added]] });
  });

  it('relays the oldest first, up to the limit, and deletes what it delivered', async () => {
    freezeClockAt(3_000);
    const newest = await outbox().add({ topic: 't', payload: 3 });
    freezeClockAt(1_000);
    const oldest = await outbox().add({ topic: 't', payload: 1 });
    freezeClockAt(2_000);
    const middle = await outbox().add({ topic: 't', payload: 2 });
    expect(await relayOnce(2)).toEqual({ count: 2, delivered: [[oldest, middle]] });
    expect(await storedIds()).toEqual([newest.id]);
    expect(await relayOnce(10)).toEqual({ count: 1, delivered: [[newest]] });
    expect(await storedIds()).toEqual([]);
  });

  it('deletes nothing when deliver throws, counts the failed attempt and rethrows', async () => {
    freezeClockAt(1_000);
    const first = await outbox().add({ topic: 't', payload: 'a' });
    freezeClockAt(2_000);
    const second = await outbox().add({ topic: 't', payload: 'b' });
    const failure = new Error('the queue is down');
    const failing = async () => {
      throw failure;
    };
    await expect(outbox().relay(1, failing)).rejects.toBe(failure);
    await expect(outbox().relay(1, failing)).rejects.toBe(failure);
    expect(await relayOnce(5)).toEqual({
      count: 2,
      delivered: [
        [
          { ...first, attempts: 2 },
          { ...second, attempts: 0 },
        ],
      ],
    });
  });

  it('relays nothing, without calling deliver, for an empty outbox or a limit below one', async () => {
    expect(await relayOnce(5)).toEqual({ count: 0, delivered: [] });
    const added = await outbox().add({ topic: 't', payload: {} });
    expect(await relayOnce(0)).toEqual({ count: 0, delivered: [] });
    expect(await relayOnce(-1)).toEqual({ count: 0, delivered: [] });
    expect(await relayOnce(1.5)).toEqual({ count: 1, delivered: [[added]] });
  });

  it('refuses a payload JSON cannot hold with DB_VALUE_NOT_JSON', async () => {
    await expect(outbox().add({ topic: 't', payload: undefined })).rejects.toMatchObject({
      code: 'DB_VALUE_NOT_JSON',
    });
    expect(await storedIds()).toEqual([]);
  });

  if (database.dialect === 'postgres') {
    it('hands disjoint rows to relays that hold them at the same time (skip locked)', async () => {
      for (let i = 0; i < 10; i++) await outbox().add({ topic: 't', payload: i });
      const all = await storedIds();
      // Each delivery waits until both relays are inside deliver: only possible when neither blocks the other.
      let inside = 0;
      let bothInside: () => void = () => undefined;
      const barrier = new Promise<void>((resolve) => {
        bothInside = resolve;
      });
      const seen: string[][] = [[], []];
      const relay = (index: 0 | 1) =>
        outbox().relay(5, async (messages) => {
          seen[index]?.push(...messages.map((message) => message.id));
          inside += 1;
          if (inside === 2) bothInside();
          await Promise.race([
            barrier,
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('the other relay is blocked')), 5_000),
            ),
          ]);
        });
      expect(await Promise.all([relay(0), relay(1)])).toEqual([5, 5]);
      expect([...(seen[0] ?? []), ...(seen[1] ?? [])].sort()).toEqual(all);
      expect(await storedIds()).toEqual([]);
    });

    it('never delivers a row twice among several relays draining the outbox together', async () => {
      for (let i = 0; i < 60; i++) await outbox().add({ topic: 't', payload: i });
      const all = await storedIds();
      const delivered: string[] = [];
      const drain = async () => {
        let count: number;
        do {
          count = await outbox().relay(4, async (messages) => {
            delivered.push(...messages.map((message) => message.id));
            await new Promise((resolve) => setTimeout(resolve, 2));
          });
        } while (count > 0);
      };
      await Promise.all([drain(), drain(), drain(), drain()]);
      expect(delivered.sort()).toEqual(all);
      expect(await storedIds()).toEqual([]);
    });
  }

  if (database.dialect === 'sqlite') {
    it('keeps another connection from reading the rows a relay holds (immediate transaction)', async () => {
      const { rows } = await sql<{ file: string }>`pragma database_list`.execute(database.connection().db);
      const file = rows[0]?.file as string;
      // A second connection to the same file, as another process would open it, that never waits for a lock.
      const other = new Kysely<DatabaseSchema>({
        dialect: new SqliteDialect({ database: new SqliteDatabase(file, { timeout: 0 }) }),
      });
      try {
        const otherOutbox = createOutboxRepository(other, 'sqlite');
        await outbox().add({ topic: 't', payload: 1 });
        let otherDelivered: OutboxMessage[] = [];
        const collect = async (messages: OutboxMessage[]) => {
          otherDelivered = otherDelivered.concat(messages);
        };
        let otherWhileHeld: unknown;
        const count = await outbox().relay(10, async () => {
          otherWhileHeld = await otherOutbox.relay(10, collect).catch((error: unknown) => error);
        });
        expect(count).toBe(1);
        expect(otherWhileHeld).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
        expect(otherDelivered).toEqual([]);
        const second = await outbox().add({ topic: 't', payload: 2 });
        expect(await otherOutbox.relay(10, collect)).toBe(1);
        expect(otherDelivered.map((message) => message.id)).toEqual([second.id]);
      } finally {
        await other.destroy();
      }
    });
  }
});
