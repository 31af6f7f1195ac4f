import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/free-port.js';
import { type PrivateRedis, startPrivateRedis } from '../../../test/support/private-redis.js';
import { SHARED_REDIS_URL, uniquePrefix } from '../test/redis-test-support.js';
import { checkRedis, closeRedisClient, createRedisClient } from './redis-connection.js';

const PASSWORD = 's3cret-pa55';

describe('redis-connection (real Redis)', () => {
  let clients: Redis[] = [];
  const client = (url: string, options?: Parameters<typeof createRedisClient>[1]) => {
    const redis = createRedisClient(url, options);
    redis.on('error', () => {}); // connection errors are expected in some tests
    clients.push(redis);
    return redis;
  };
  afterEach(async () => {
    await Promise.all(clients.map((redis) => closeRedisClient(redis)));
    clients = [];
  });

  describe('createRedisClient', () => {
    it('connects with the given name and reconnects with a capped backoff', async () => {
      const name = uniquePrefix('conn');
      const redis = client(SHARED_REDIS_URL, { name });
      expect(await redis.client('GETNAME')).toBe(name);
      const retry = redis.options.retryStrategy as (attempt: number) => number;
      expect([1, 5, 20, 10_000].map(retry)).toEqual([100, 500, 2_000, 2_000]);
      expect(redis.options.maxRetriesPerRequest).not.toBeNull();
      expect(client(SHARED_REDIS_URL, { blocking: true }).options.maxRetriesPerRequest).toBeNull();
    });

    it.each(['http://user:s3cret@127.0.0.1:6379', '127.0.0.1:6379', ''])(
      'refuses %j with REDIS_URL_INVALID, without echoing it',
      (url) => {
        let caught: unknown;
        try {
          createRedisClient(url);
        } catch (error) {
          caught = error;
        }
        expect(caught).toMatchObject({ code: 'REDIS_URL_INVALID', intent: 'user' });
        expect(JSON.stringify({ ...(caught as object), message: (caught as Error).message })).not.toContain(
          's3cret',
        );
      },
    );
  });

  describe('checkRedis', () => {
    let lru: PrivateRedis;
    let locked: PrivateRedis;
    beforeAll(async () => {
      [lru, locked] = await Promise.all([
        startPrivateRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] }),
        // A managed-Redis lookalike: CONFIG disabled, a password required.
        startPrivateRedis({
          args: [
            '--maxmemory-policy',
            'volatile-lru',
            '--rename-command',
            'CONFIG',
            '',
            '--requirepass',
            PASSWORD,
          ],
        }),
      ]);
    });
    afterAll(() => Promise.all([lru.dispose(), locked.dispose()]));

    it('passes on a Redis that does not evict', async () => {
      await expect(checkRedis(client(SHARED_REDIS_URL))).resolves.toBeUndefined();
    });

    it('refuses an evicting Redis with REDIS_EVICTION_POLICY, read from CONFIG', async () => {
      await expect(checkRedis(client(lru.url))).rejects.toMatchObject({
        code: 'REDIS_EVICTION_POLICY',
        intent: 'user',
        details: { policy: 'allkeys-lru' },
        message: expect.stringContaining('"allkeys-lru"; KlikkFlow needs "noeviction"'),
      });
    });

    it('reads the policy from INFO when CONFIG is disabled', async () => {
      const redis = client(`redis://:${PASSWORD}@127.0.0.1:${locked.port}`);
      await expect(redis.config('GET', 'maxmemory-policy')).rejects.toThrow(/unknown command/i);
      await expect(checkRedis(redis)).rejects.toMatchObject({
        code: 'REDIS_EVICTION_POLICY',
        details: { policy: 'volatile-lru' },
      });
    });

    it('reports a refused password as REDIS_UNAVAILABLE without the URL or password', async () => {
      const url = `redis://:wrong-${PASSWORD}@127.0.0.1:${locked.port}`;
      const error = await checkRedis(client(url), { timeoutMs: 2_000 }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', intent: 'operational' });
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('redis://');
      expect((error as Error).message).toMatch(/WRONGPASS|NOAUTH|auth/i);
    });

    it('gives up on an unreachable Redis within its timeout, naming the reason but not the URL', async () => {
      const url = `redis://:${PASSWORD}@127.0.0.1:${await freePort()}`;
      // A blocking client would wait for a reconnect forever: the check must not.
      const redis = client(url, { blocking: true });
      const started = performance.now();
      const error = await checkRedis(redis, { timeoutMs: 1_000 }).catch((caught: unknown) => caught);
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', intent: 'operational' });
      expect((error as Error).message).toBe(
        'Redis is unavailable: no answer within 1000 ms (last error: ECONNREFUSED)',
      );
      expect(JSON.stringify(error)).not.toContain(PASSWORD);

      const closing = performance.now();
      await closeRedisClient(redis, { timeoutMs: 200 });
      expect(performance.now() - closing).toBeLessThan(500);
    });
  });
});
