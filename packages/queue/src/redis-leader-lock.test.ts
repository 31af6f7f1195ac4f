import { randomBytes } from 'node:crypto';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../../../test/support/private-redis.js';
import { eventually, SHARED_REDIS_URL, uniquePrefix } from '../test/redis-test-support.js';
import type { LeaderLock } from './leader-lock.port.js';
import { closeRedisClient, createRedisClient } from './redis-connection.js';
import { createRedisLeaderLock } from './redis-leader-lock.js';

const TTL_MS = 300;
/** Timer lateness allowed on a busy machine. */
const SLACK_MS = 100;

interface Candidate {
  lock: LeaderLock;
  owner: string;
  /** Every `onChange`, with `performance.now()` when it happened. */
  changes: { isLeader: boolean; at: number }[];
}

/** A TCP relay to 127.0.0.1:`targetPort` that `cut()` severs for good, as a network partition would. */
async function startRelay(targetPort: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = tcpConnect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe('createRedisLeaderLock (real Redis)', () => {
  let clients: Redis[] = [];
  let locks: LeaderLock[] = [];
  let key = '';
  let errors: unknown[] = [];

  const client = (url = SHARED_REDIS_URL): Redis => {
    const redis = createRedisClient(url);
    redis.on('error', () => {}); // reconnect noise in the tests that cut Redis off
    clients.push(redis);
    return redis;
  };
  const candidate = (redis: Redis = client()): Candidate => {
    const owner = `owner-${randomBytes(4).toString('hex')}`;
    const changes: Candidate['changes'] = [];
    const lock = createRedisLeaderLock({
      redis,
      key,
      owner,
      ttlMs: TTL_MS,
      onChange: (isLeader) => changes.push({ isLeader, at: performance.now() }),
      onError: (error) => errors.push(error),
    });
    locks.push(lock);
    return { lock, owner, changes };
  };
  const leaders = (candidates: Candidate[]) => candidates.filter(({ lock }) => lock.isLeader);

  afterEach(async () => {
    await Promise.all(locks.map((lock) => lock.stop()));
    await Promise.all(clients.map((redis) => closeRedisClient(redis)));
    locks = [];
    clients = [];
    errors = [];
  });

  describe('on the shared Redis', () => {
    let admin: Redis;
    beforeAll(() => {
      admin = createRedisClient(SHARED_REDIS_URL);
    });
    afterAll(() => closeRedisClient(admin));
    afterEach(async () => {
      await admin.del(key);
    });
    const newKey = () => {
      key = `${uniquePrefix('leader')}:leader`;
    };

    it('elects exactly one leader among several and keeps it', async () => {
      newKey();
      const candidates = [candidate(), candidate(), candidate()];
      for (const { lock } of candidates) lock.start();
      const [leader] = await eventually(() => {
        const found = leaders(candidates);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(await admin.get(key)).toBe(leader?.owner);
      for (let sample = 0; sample < 45; sample++) {
        expect(leaders(candidates)).toEqual([leader]);
        await sleep(20);
      }
      expect(leader?.changes.map(({ isLeader }) => isLeader)).toEqual([true]);
      expect(errors).toEqual([]);
    });

    it('hands over within the lease once the leader stops, having released the key', async () => {
      newKey();
      const candidates = [candidate(), candidate()];
      for (const { lock } of candidates) lock.start();
      const [leader] = await eventually(() => {
        const found = leaders(candidates);
        expect(found).toHaveLength(1);
        return found as [Candidate];
      });
      const follower = candidates.find((c) => c !== leader) as Candidate;
      await leader.lock.stop();
      const stoppedAt = performance.now();
      expect(leader.lock.isLeader).toBe(false);
      expect(leader.changes.map(({ isLeader }) => isLeader)).toEqual([true, false]);
      await eventually(() => expect(follower.lock.isLeader).toBe(true), { timeoutMs: TTL_MS, intervalMs: 5 });
      expect((follower.changes[0]?.at ?? Number.POSITIVE_INFINITY) - stoppedAt).toBeLessThan(TTL_MS);
      expect(await admin.get(key)).toBe(follower.owner);
    });

    it('drops leadership at the next renewal when the key names another owner, and leaves it alone', async () => {
      newKey();
      const only = candidate();
      only.lock.start();
      await eventually(() => expect(only.lock.isLeader).toBe(true));
      await admin.set(key, 'intruder', 'PX', 10_000);
      const stolenAt = performance.now();
      await eventually(() => expect(only.lock.isLeader).toBe(false), { intervalMs: 5 });
      expect((only.changes[1]?.at ?? Number.POSITIVE_INFINITY) - stolenAt).toBeLessThan(TTL_MS);
      await sleep(TTL_MS);
      expect(only.lock.isLeader).toBe(false);
      await only.lock.stop();
      expect(await admin.get(key)).toBe('intruder');
      await admin.del(key);
    });

    it('steps down before another process can take over when cut off from Redis', async () => {
      newKey();
      const relay = await startRelay(Number(new URL(SHARED_REDIS_URL).port || 6379));
      const cutOff = candidate(client(relay.url));
      cutOff.lock.start();
      await eventually(() => expect(cutOff.lock.isLeader).toBe(true));
      const other = candidate();
      other.lock.start();
      relay.cut();
      const cutAt = performance.now();
      for (let overlap = 0; !other.lock.isLeader; await sleep(5)) {
        if (cutOff.lock.isLeader && other.lock.isLeader) overlap++;
        expect(overlap).toBe(0);
        expect(performance.now() - cutAt).toBeLessThan(3 * TTL_MS);
      }
      const [stepDown] = cutOff.changes.slice(1);
      const [takeOver] = other.changes;
      expect(stepDown?.isLeader).toBe(false);
      expect(stepDown?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(takeOver?.at ?? 0);
      expect((stepDown?.at ?? Number.POSITIVE_INFINITY) - cutAt).toBeLessThanOrEqual(TTL_MS + SLACK_MS);
      const stopping = performance.now();
      await cutOff.lock.stop(); // its release cannot reach Redis: stop() gives up after the lease
      expect(performance.now() - stopping).toBeLessThan(TTL_MS + SLACK_MS);
    });

    it('refuses a ttl below 30 ms', () => {
      expect(() => createRedisLeaderLock({ redis: client(), key: 'unused', owner: 'o', ttlMs: 10 })).toThrow(
        expect.objectContaining({ code: 'LEADER_LOCK_OPTIONS_INVALID' }),
      );
    });
  });

  describe('on a private Redis that dies', () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await startPrivateRedis();
    });
    afterAll(() => redis.dispose());

    it('stops leading within its lease, and leads again once Redis is back', async () => {
      key = 'leader';
      const only = candidate(client(redis.url));
      only.lock.start();
      await eventually(() => expect(only.lock.isLeader).toBe(true));
      await redis.kill();
      const killedAt = performance.now();
      await eventually(() => expect(only.lock.isLeader).toBe(false), { intervalMs: 5 });
      expect(performance.now() - killedAt).toBeLessThanOrEqual(TTL_MS + SLACK_MS);
      await redis.start();
      await eventually(() => expect(only.lock.isLeader).toBe(true), { timeoutMs: 5_000 });
      expect(only.changes.map(({ isLeader }) => isLeader)).toEqual([true, false, true]);
    });
  });
});
