import type { Clock } from '@klikkflow/engine';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

/** Real time, but sleeps return at once and are recorded: a 2-minute wait takes no time in the test. */
function instantClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    now: () => Date.now(),
    async sleep(ms) {
      slept.push(ms);
    },
  };
}

describe('klikkflow run with a Wait node', () => {
  it('sleeps through a wait of up to 5 minutes, resumes and prints the result', async () => {
    const clock = instantClock();
    const result = await runCli(['run', 'wait-short.workflow.json'], { clock });
    expect(result.stderr).toMatch(/… waiting until \d{4}-\d\d-\d\dT[\d:.]+Z\n/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ done: true }]);
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThan(115_000);
    expect(clock.slept[0]).toBeLessThanOrEqual(120_000);
  });

  it('exits 3 without sleeping when the wait is longer than 5 minutes', async () => {
    const clock = instantClock();
    const result = await runCli(['run', 'wait-long.workflow.json'], { clock });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /execution \S+ is waiting until \d{4}-[\d-]+T[\d:.]+Z, longer than the CLI waits/,
    );
    expect(clock.slept).toEqual([]);
  });

  it('reports a run interrupted while it waits as canceled (exit 130)', async () => {
    const controller = new AbortController();
    const clock: Clock = {
      now: () => Date.now(),
      async sleep() {
        controller.abort(new Error('interrupted'));
        throw new Error('interrupted');
      },
    };
    const result = await runCli(['run', 'wait-short.workflow.json'], { clock, signal: controller.signal });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/execution \S+ was canceled/);
  });
});
