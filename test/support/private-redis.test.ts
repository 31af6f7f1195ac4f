import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startPrivateRedis } from './private-redis.js';

/** PING through a client that does not retry, so a stopped server fails at once. */
async function ping(url: string): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

describe('startPrivateRedis', () => {
  it('starts, stops, is killed, starts again on the same port and disposes of its directory', async () => {
    const redis = await startPrivateRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await ping(redis.url)).toBe('PONG');
      const client = new Redis(redis.url);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      const dir = ((await client.config('GET', 'dir')) as string[])[1] as string;
      client.disconnect();

      await redis.stop();
      await expect(ping(redis.url)).rejects.toThrow();
      await redis.stop();
      await redis.start();
      expect(await ping(redis.url)).toBe('PONG');
      await redis.kill();
      await expect(ping(redis.url)).rejects.toThrow();
      await redis.start();
      expect(await ping(redis.url)).toBe('PONG');

      expect(existsSync(dir)).toBe(true);
      await redis.dispose();
      expect(existsSync(dir)).toBe(false);
      await expect(ping(redis.url)).rejects.toThrow();
    } finally {
      await redis.dispose();
    }
  });

  it('fails with the server output when redis-server refuses its arguments', async () => {
    await expect(startPrivateRedis({ args: ['--no-such-option', 'x'] })).rejects.toThrow(
      /exited[\s\S]*no-such-option/i,
    );
  });
});
