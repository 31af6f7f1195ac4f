import { afterEach, vi } from 'vitest';

/**
 * Freezes `Date.now()` at `ms` so tests can order rows by time. Only `Date` is faked: the database
 * drivers' own timers keep running. Call {@link restoreClockAfterEach} in the suite.
 */
export function freezeClockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'], now: ms });
}

/** Puts the real clock back after every test of the enclosing suite. */
export function restoreClockAfterEach(): void {
  afterEach(() => {
    vi.useRealTimers();
  });
}
