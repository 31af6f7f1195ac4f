import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;

function setup(options: { maxFailures?: number; maxKeys?: number } = {}) {
  let time = 1_000_000;
  const throttle = createLoginThrottle({ ...options, now: () => time });
  return {
    throttle,
    advance: (ms: number) => {
      time += ms;
    },
    failTimes: (count: number, account: string, ip: string) => {
      for (let i = 0; i < count; i++) throttle.recordFailure(account, ip);
    },
  };
}

describe('createLoginThrottle', () => {
  it('allows a first attempt with nothing to wait for', () => {
    const { throttle } = setup();
    expect(throttle.check('alice@example.com', '10.0.0.1')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('defaults to 10 failures per 15 minutes', () => {
    const { throttle, failTimes, advance } = setup();
    failTimes(9, 'alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1').allowed).toBe(true);
    advance(MINUTE);
    throttle.recordFailure('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: WINDOW - MINUTE });
    advance(WINDOW - MINUTE - 1);
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 1 });
    advance(1);
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('blocks an account attacked from many IPs, also from a fresh IP, but not those IPs for others', () => {
    const { throttle } = setup();
    for (let i = 0; i < 10; i++) throttle.recordFailure('victim@example.com', `203.0.113.${i}`);
    expect(throttle.check('victim@example.com', '198.51.100.7').allowed).toBe(false);
    expect(throttle.check('someone-else@example.com', '203.0.113.0').allowed).toBe(true);
  });

  it('blocks an IP spraying many accounts, also for a fresh account, but not those accounts elsewhere', () => {
    const { throttle } = setup();
    for (let i = 0; i < 10; i++) throttle.recordFailure(`user${i}@example.com`, '203.0.113.9');
    expect(throttle.check('fresh@example.com', '203.0.113.9').allowed).toBe(false);
    expect(throttle.check('user0@example.com', '198.51.100.7').allowed).toBe(true);
  });

  it('matches accounts case-insensitively', () => {
    const { throttle, failTimes } = setup({ maxFailures: 3 });
    failTimes(2, 'Alice@Example.COM', '10.0.0.1');
    throttle.recordFailure('alice@example.com', '10.0.0.2');
    expect(throttle.check('ALICE@example.com', '10.0.0.3').allowed).toBe(false);
  });

  it('keeps accounts and IPs apart even when spelled alike', () => {
    const { throttle, failTimes } = setup({ maxFailures: 2 });
    failTimes(2, '10.0.0.1', '192.0.2.1');
    expect(throttle.check('anyone', '10.0.0.1').allowed).toBe(true);
  });

  it('slides: each failure leaves the window on its own, so a single old one expiring frees one attempt', () => {
    const { throttle, advance } = setup({ maxFailures: 3 });
    throttle.recordFailure('bob', '10.0.0.1'); // t0
    advance(5 * MINUTE);
    throttle.recordFailure('bob', '10.0.0.1'); // t0+5
    advance(5 * MINUTE);
    throttle.recordFailure('bob', '10.0.0.1'); // t0+10
    expect(throttle.check('bob', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE });
    advance(5 * MINUTE); // the t0 failure leaves the window
    expect(throttle.check('bob', '10.0.0.1').allowed).toBe(true);
    throttle.recordFailure('bob', '10.0.0.1'); // t0+15
    // Blocked again until the t0+5 failure leaves.
    expect(throttle.check('bob', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE });
  });

  it('waits for the oldest of the latest maxFailures when failures keep coming', () => {
    const { throttle, advance } = setup({ maxFailures: 10 });
    for (let i = 0; i < 20; i++) {
      throttle.recordFailure('carol', '10.0.0.1');
      advance(1000);
    }
    // Failures at 0..19 s, now 20 s: the latest ten began at 10 s.
    expect(throttle.check('carol', '10.0.0.1').retryAfterMs).toBe(10_000 + WINDOW - 20_000);
  });

  it('reports the longer wait when both account and IP are blocked', () => {
    const { throttle, advance, failTimes } = setup({ maxFailures: 2 });
    failTimes(2, 'dave', '10.0.0.1'); // account and IP blocked from t0
    advance(MINUTE);
    failTimes(2, 'erin', '10.0.0.2');
    failTimes(2, 'dave-alt', '10.0.0.2');
    // dave's window ends 14 minutes from now; IP 10.0.0.2's ends in 15.
    expect(throttle.check('dave', '10.0.0.2').retryAfterMs).toBe(WINDOW);
    expect(throttle.check('dave', '10.0.0.3').retryAfterMs).toBe(WINDOW - MINUTE);
  });

  it('clears the account on success but keeps the IP count', () => {
    const { throttle, failTimes } = setup({ maxFailures: 3 });
    failTimes(3, 'frank', '10.0.0.1');
    throttle.recordSuccess('FRANK', '10.0.0.1');
    expect(throttle.check('frank', '10.0.0.2').allowed).toBe(true);
    expect(throttle.check('frank', '10.0.0.1').allowed).toBe(false);
    expect(throttle.check('other', '10.0.0.1').allowed).toBe(false);
  });

  it('a success does not clear other accounts', () => {
    const { throttle, failTimes } = setup({ maxFailures: 3 });
    failTimes(3, 'grace', '10.0.0.1');
    throttle.recordSuccess('heidi', '10.0.0.2');
    expect(throttle.check('grace', '10.0.0.2').allowed).toBe(false);
  });

  it('forgets entries whose window has passed', () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 50; i++) throttle.recordFailure(`user${i}`, `10.0.0.${i}`);
    expect(throttle.size).toBe(100);
    advance(WINDOW);
    throttle.recordFailure('late', '10.0.1.1');
    expect(throttle.size).toBe(2);
    expect(throttle.check('user0', '10.0.0.0').allowed).toBe(true);
  });

  it('caps the number of keys by dropping the least recently failed', () => {
    const { throttle, advance } = setup({ maxFailures: 1, maxKeys: 4 });
    throttle.recordFailure('a', '10.0.0.1');
    advance(1);
    throttle.recordFailure('b', '10.0.0.2');
    advance(1);
    throttle.recordFailure('a', '10.0.0.1'); // a and its IP are now the most recent
    advance(1);
    throttle.recordFailure('c', '10.0.0.3');
    expect(throttle.size).toBe(4);
    expect(throttle.check('b', '10.0.0.9').allowed).toBe(true);
    expect(throttle.check('x', '10.0.0.2').allowed).toBe(true);
    expect(throttle.check('a', '10.0.0.9').allowed).toBe(false);
    expect(throttle.check('c', '10.0.0.9').allowed).toBe(false);
  });

  it('decides on the latest maxFailures failures however many came before', () => {
    const { throttle, advance } = setup({ maxFailures: 3 });
    for (let i = 0; i < 1000; i++) {
      throttle.recordFailure('mallory', '10.0.0.1');
      advance(1);
    }
    // Only the last three failures count: they leave the window 3 ms apart.
    expect(throttle.check('mallory', '10.0.0.1').retryAfterMs).toBe(WINDOW - 3);
    advance(WINDOW - 3);
    expect(throttle.check('mallory', '10.0.0.1').allowed).toBe(true);
  });
});
