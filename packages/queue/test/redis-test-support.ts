import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** The shared Redis of the test environment: never flushed, every test keeps to its own prefix. */
export const SHARED_REDIS_URL = process.env.KLIKKFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key and channel prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `kf-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `prefix:` on the shared Redis (what BullMQ leaves behind). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Retries `assertion` until it passes or `timeoutMs` runs out, then throws its last error. */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 5_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}

/** The shared Redis's client connections whose name starts with `prefix:`, as CLIENT LIST lines. */
export async function connectionsNamed(prefix: string): Promise<string[]> {
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    const list = String(await redis.client('LIST'));
    return list.split('\n').filter((line) => line.includes(` name=${prefix}:`));
  } finally {
    redis.disconnect();
  }
}
