import { UserError } from '@klikkflow/types';
import type { Redis } from 'ioredis';
import type { LeaderLock } from './leader-lock.port.js';

/** Options of {@link createRedisLeaderLock}. */
export interface RedisLeaderLockOptions {
  /** A client of its own is best: a renewal must not queue behind slow commands. */
  redis: Redis;
  key: string;
  /** Unique per process and start (e.g. host, pid and a random part): the lock compares it. */
  owner: string;
  /** Lease: a leader that cannot renew for this long stops leading, and its key expires. ≥ 30 ms. */
  ttlMs: number;
  /** Called on every change of `isLeader`, after the change. */
  onChange?: (isLeader: boolean) => void;
  /** Receives Redis failures and what `onChange` threw. */
  onError?: (error: unknown) => void;
}

/** PEXPIRE only if the key still names this owner. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;
/** DEL only if the key still names this owner. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * A {@link LeaderLock} on one Redis key: `SET key owner NX PX ttl` acquires it, a compare-and-PEXPIRE
 * renews it every ttl/3, a compare-and-DEL releases it. The lease is counted from when a command was
 * sent, which is before Redis starts its own expiry, so a leader that cannot renew (Redis down,
 * network cut, event loop stalled) drops leadership locally before its key can expire and another
 * process acquire it. A renewal that fails or finds another owner drops leadership at once.
 */
export function createRedisLeaderLock(options: RedisLeaderLockOptions): LeaderLock {
  const { redis, key, owner, ttlMs, onChange, onError } = options;
  if (!Number.isInteger(ttlMs) || ttlMs < 30) {
    throw new UserError('LEADER_LOCK_OPTIONS_INVALID', `ttlMs must be an integer ≥ 30, got ${ttlMs}`);
  }
  const intervalMs = Math.floor(ttlMs / 3);
  let leader = false;
  /** When the current lease runs out (`performance.now()` time). */
  let leaseEnd = 0;
  let running = false;
  let tickTimer: NodeJS.Timeout | undefined;
  let leaseTimer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | undefined;

  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {} // a failing reporter must not stop the renewals
  };

  const setLeader = (value: boolean): void => {
    if (!value) clearTimeout(leaseTimer);
    if (leader === value) return;
    leader = value;
    try {
      onChange?.(value);
    } catch (error) {
      report(error);
    }
  };

  /** Holds leadership until `validUntil` (a `performance.now()` time) unless a renewal extends it. */
  const holdUntil = (validUntil: number): void => {
    leaseEnd = validUntil;
    clearTimeout(leaseTimer);
    leaseTimer = setTimeout(() => setLeader(false), validUntil - performance.now());
    leaseTimer.unref();
    setLeader(true);
  };

  const tryOnce = async (): Promise<void> => {
    const sentAt = performance.now();
    try {
      const held = leader
        ? (await redis.eval(RENEW, 1, key, owner, ttlMs)) === 1
        : (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
      // A reply that comes back after the lease it would start has run out (a slow or queued command)
      // proves nothing about now.
      const validUntil = sentAt + ttlMs;
      if (held && running && performance.now() < validUntil) holdUntil(validUntil);
      else setLeader(false);
    } catch (error) {
      setLeader(false);
      report(error);
    }
  };

  const tick = (): void => {
    attempt = tryOnce().finally(() => {
      attempt = undefined;
      if (!running) return;
      tickTimer = setTimeout(tick, intervalMs);
      tickTimer.unref();
    });
  };

  return {
    get isLeader() {
      // Checked against the clock too: a stalled event loop may run code before the lease timer fires.
      return leader && performance.now() < leaseEnd;
    },

    start() {
      if (running) return;
      running = true;
      if (attempt === undefined) tick();
    },

    async stop() {
      running = false;
      clearTimeout(tickTimer);
      // Not waiting for an attempt in flight (long with Redis unreachable): it checks `running` before
      // making this process leader, and its command reaches Redis before the release (one connection
      // keeps order). Leadership ends before the key is gone and another process can take over.
      setLeader(false);
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ttlMs); // by then the key has expired anyway
      });
      try {
        await Promise.race([redis.eval(RELEASE, 1, key, owner), expired]);
      } catch (error) {
        report(error);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
