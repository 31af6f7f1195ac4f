import { OperationalError, UserError } from '@klikkflow/types';
import { Redis } from 'ioredis';

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Shown by `CLIENT LIST`, to tell KlikkFlow's connections apart. */
  name?: string;
  /**
   * For a connection that runs blocking commands (a BullMQ worker's): commands wait for a reconnect
   * instead of failing after a number of retries (`maxRetriesPerRequest: null`, which BullMQ requires).
   */
  blocking?: boolean;
  /**
   * Sends the commands issued in one turn of the event loop in one write (ioredis auto-pipelining): for a
   * connection that fires many small commands, such as a publisher, where each write costs a syscall.
   */
  pipelined?: boolean;
}

/** Options of {@link checkRedis}. */
export interface CheckRedisOptions {
  /** How long the whole check may take before Redis counts as unreachable. Default 5000 ms. */
  timeoutMs?: number;
}

const MAX_RECONNECT_DELAY_MS = 2_000;
const DEFAULT_CHECK_TIMEOUT_MS = 5_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;

/**
 * An ioredis client for a `redis://` or `rediss://` URL. It reconnects forever, waiting
 * min(attempt × 100 ms, 2 s) between attempts: a Redis restart must not need a KlikkFlow restart.
 * Throws `UserError` `REDIS_URL_INVALID` for another scheme; the URL is never echoed (it may hold a
 * password). Attach an `error` listener: ioredis prints connection errors nobody listens to.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  if (!/^rediss?:\/\//i.test(url)) {
    throw new UserError('REDIS_URL_INVALID', 'The Redis URL must start with redis:// or rediss://');
  }
  try {
    return new Redis(url, {
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      ...(options.name === undefined ? {} : { connectionName: options.name }),
      ...(options.blocking ? { maxRetriesPerRequest: null } : {}),
      ...(options.pipelined ? { enableAutoPipelining: true } : {}),
    });
  } catch (error) {
    throw new UserError('REDIS_URL_INVALID', `The Redis URL cannot be parsed: ${reasonOf(error)}`);
  }
}

/**
 * Verifies at startup that Redis answers and will not evict keys: BullMQ jobs and locks are keys, and
 * an evicted lock or job would be lost silently. Throws `OperationalError` `REDIS_UNAVAILABLE` when
 * Redis does not answer within `timeoutMs` (the message names the reason, never the URL or password),
 * and `UserError` `REDIS_EVICTION_POLICY` when `maxmemory-policy` is not `noeviction`. A server that
 * hides the policy (CONFIG and the INFO field both unavailable) passes: nothing better can be known.
 */
export async function checkRedis(redis: Redis, options: CheckRedisOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let lastError: unknown;
  const remember = (error: unknown) => {
    lastError = error;
  };
  // The client keeps reconnecting during the check; its errors tell why the PING gets no answer.
  redis.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const policy = (async () => {
    try {
      await redis.ping();
    } catch (error) {
      throw unavailable(reasonOf(error));
    }
    return readEvictionPolicy(redis);
  })();
  policy.catch(() => {}); // it may settle after the timeout won, with nobody left to hear it
  try {
    const outcome = await Promise.race([policy, timedOut]);
    if (outcome === 'timeout') {
      const last = lastError === undefined ? '' : ` (last error: ${reasonOf(lastError)})`;
      throw unavailable(`no answer within ${timeoutMs} ms${last}`);
    }
    if (outcome !== undefined && outcome !== 'noeviction') {
      throw new UserError(
        'REDIS_EVICTION_POLICY',
        `Redis maxmemory-policy is "${outcome}"; KlikkFlow needs "noeviction", because an evicted job or ` +
          'lock would be lost silently. Set maxmemory-policy noeviction in the Redis configuration.',
        { details: { policy: outcome } },
      );
    }
  } finally {
    clearTimeout(timer);
    redis.off('error', remember);
  }
}

/**
 * Closes a client, letting replies still pending arrive (`QUIT`) but never waiting more than
 * `timeoutMs` for an unreachable server: then it drops the connection.
 */
export async function closeRedisClient(
  redis: Redis,
  { timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<void> {
  if (redis.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([redis.quit().then(() => undefined), timedOut]);
  } catch {
    // QUIT failed: the connection is going away either way.
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

async function readEvictionPolicy(redis: Redis): Promise<string | undefined> {
  try {
    // Replies are `[name, value]` (RESP2 or legacy mapping) or `{ name: value }` (RESP3 mapping).
    const reply: unknown = await redis.config('GET', 'maxmemory-policy');
    const value = Array.isArray(reply) ? reply[1] : (reply as Record<string, unknown>)['maxmemory-policy'];
    if (typeof value === 'string') return value;
  } catch {
    // CONFIG is often renamed or denied on managed Redis; INFO carries the same setting.
  }
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

function unavailable(reason: string): OperationalError {
  return new OperationalError('REDIS_UNAVAILABLE', `Redis is unavailable: ${reason}`, {
    details: { reason },
  });
}

/**
 * A failure's reason without addresses or credentials: the system error code for a socket failure
 * (`ECONNREFUSED`), else the message with anything URL-shaped removed.
 */
function reasonOf(error: unknown): string {
  const { code, syscall, message } = (error ?? {}) as {
    code?: unknown;
    syscall?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string' && typeof syscall === 'string') return code;
  const text = typeof message === 'string' ? message : String(error);
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<url>');
}
