/** Options of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures within the window that block further attempts (per account and per IP). Default 10. */
  maxFailures?: number;
  /** Length of the sliding window in milliseconds. Default 15 minutes. */
  windowMs?: number;
  /** Most keys (accounts plus IPs) remembered; the least recently failed are dropped first. Default 100k. */
  maxKeys?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** The answer of {@link LoginThrottle.check}. */
export interface ThrottleDecision {
  allowed: boolean;
  /** When not allowed: milliseconds until an attempt will be allowed again; 0 otherwise. */
  retryAfterMs: number;
}

/**
 * Brute-force protection for logins (battery S9): independent sliding windows of failures per
 * account and per source IP, so neither many IPs against one account nor one IP against many
 * accounts gets more than `maxFailures` guesses per window.
 */
export interface LoginThrottle {
  /** Whether an attempt for this account from this IP may be verified now. */
  check(account: string, ip: string): ThrottleDecision;
  /** Records a failed verification against both the account and the IP. */
  recordFailure(account: string, ip: string): void;
  /** Clears the account's failures after a successful login; the IP keeps its count. */
  recordSuccess(account: string, ip: string): void;
  /** How many accounts and IPs are tracked now (for metrics; bounded by `maxKeys`). */
  readonly size: number;
}

// Keys live in one map, so one prefix per kind keeps an account named like an IP apart from that IP.
const accountKey = (account: string) => `account:${account.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** Creates an in-memory login throttle (per process; a cluster shares nothing). */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  // Failure times per key, oldest first. Only the latest maxFailures matter for a decision, so no list
  // grows beyond that. Map order is least recently failed first: a failure re-inserts its key.
  const failures = new Map<string, number[]>();

  function live(key: string, at: number): number[] {
    const times = failures.get(key);
    if (!times) return [];
    const firstLive = times.findIndex((time) => time > at - windowMs);
    if (firstLive === -1) {
      failures.delete(key);
      return [];
    }
    if (firstLive > 0) times.splice(0, firstLive);
    return times;
  }

  function waitFor(key: string, at: number): number {
    const times = live(key, at);
    // Blocked until the oldest of the latest maxFailures leaves the window.
    return times.length >= maxFailures ? times[times.length - maxFailures]! + windowMs - at : 0;
  }

  function evict(at: number): void {
    // Front entries failed least recently; once one is still live, all later ones are too.
    for (const [key, times] of failures) {
      const expired = times[times.length - 1]! <= at - windowMs;
      if (!expired && failures.size <= maxKeys) break;
      failures.delete(key);
    }
  }

  function fail(key: string, at: number): void {
    const times = live(key, at);
    failures.delete(key);
    times.push(at);
    if (times.length > maxFailures) times.splice(0, times.length - maxFailures);
    failures.set(key, times);
  }

  return {
    check(account, ip) {
      const at = now();
      const retryAfterMs = Math.max(waitFor(accountKey(account), at), waitFor(ipKey(ip), at));
      return { allowed: retryAfterMs === 0, retryAfterMs };
    },
    recordFailure(account, ip) {
      const at = now();
      fail(accountKey(account), at);
      fail(ipKey(ip), at);
      evict(at);
    },
    recordSuccess(account) {
      failures.delete(accountKey(account));
    },
    get size() {
      return failures.size;
    },
  };
}
