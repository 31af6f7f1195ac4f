import type { RetryPolicy } from '@klikkflow/types';

/**
 * Milliseconds to wait before retry number `retry` (1 = the second try).
 * Fixed: `waitMs` every time. Exponential: `waitMs × 2^(retry-1)`, capped at `maxWaitMs`.
 * Jitter spreads each wait by ±`jitter` (a fraction) so many executions do not retry in lockstep.
 */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base =
    policy.backoff === 'exponential'
      ? Math.min(policy.maxWaitMs, policy.waitMs * 2 ** (retry - 1))
      : policy.waitMs;
  if (policy.jitter === 0) return base;
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
