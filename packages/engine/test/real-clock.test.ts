import { describe, expect, it } from 'vitest';
import { realClock } from '../src/run-context.js';

describe('realClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = realClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('sleeps for about the given time', async () => {
    const start = performance.now();
    await realClock.sleep(20);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
  });

  it('rejects with the abort reason, whether aborted before or during the sleep', async () => {
    const early = new AbortController();
    early.abort(new Error('stopped early'));
    await expect(realClock.sleep(1000, early.signal)).rejects.toThrow('stopped early');

    const late = new AbortController();
    const sleeping = realClock.sleep(10_000, late.signal);
    late.abort(new Error('stopped late'));
    await expect(sleeping).rejects.toThrow('stopped late');
  });
});
