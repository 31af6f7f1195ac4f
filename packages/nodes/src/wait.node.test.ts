import { runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { waitNode } from './wait.node.js';

const items = toItems([{ a: 1 }, { b: 2 }]);
const passedThrough = [
  [
    { json: { a: 1 }, pairedItem: { item: 0 } },
    { json: { b: 2 }, pairedItem: { item: 1 } },
  ],
];

describe('core.wait', () => {
  it.each([
    [30, 'seconds', 30_000],
    [65, 'seconds', 65_000],
    [0.5, 'minutes', 30_000],
  ])('sleeps in memory for %s %s and passes items through', async (amount, unit, ms) => {
    const result = await runNode(waitNode, { inputs: [items], parameters: { amount, unit } });
    expect(result.slept).toBe(ms);
    expect(result.waitUntil).toBeUndefined();
    expect(result.outputs).toEqual(passedThrough);
  });

  it.each([
    [66, 'seconds', 66_000],
    [2, 'minutes', 120_000],
    [1, 'hours', 3_600_000],
    [1, 'days', 86_400_000],
  ])('parks the execution for %s %s', async (amount, unit, ms) => {
    const before = Date.now();
    const result = await runNode(waitNode, { inputs: [items], parameters: { amount, unit } });
    const until = result.waitUntil?.getTime() ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + ms);
    expect(until).toBeLessThanOrEqual(Date.now() + ms);
    expect(result.slept).toBe(0);
    expect(result.outputs).toEqual(passedThrough);
  });

  it('parks until its resume webhook is called: forever, or until the limit', async () => {
    const forever = await runNode(waitNode, { inputs: [items], parameters: { resume: 'webhook' } });
    expect(forever.waitUntil?.getTime()).toBe(8_640_000_000_000_000);
    expect(forever.slept).toBe(0);
    const before = Date.now();
    const limited = await runNode(waitNode, {
      inputs: [items],
      parameters: { resume: 'webhook', limitWaitTime: true, amount: 10, unit: 'seconds' },
    });
    const until = limited.waitUntil?.getTime() ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + 10_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 10_000);
    expect(limited.slept).toBe(0);
    expect(limited.outputs).toEqual(passedThrough);
  });

  it('waits one hour by default', async () => {
    const result = await runNode(waitNode, { inputs: [items] });
    expect((result.waitUntil?.getTime() ?? 0) - Date.now()).toBeGreaterThan(3_599_000);
  });

  it('waits until a specific time: parked when far, slept when near, not at all when past', async () => {
    const far = new Date(Date.now() + 10 * 60_000).toISOString();
    expect(
      (
        await runNode(waitNode, { parameters: { resume: 'specificTime', dateTime: far } })
      ).waitUntil?.toISOString(),
    ).toBe(far);
    const near = await runNode(waitNode, {
      parameters: { resume: 'specificTime', dateTime: Date.now() + 5_000 },
    });
    expect(near.slept).toBeGreaterThan(4_000);
    expect(near.slept).toBeLessThanOrEqual(5_000);
    const past = await runNode(waitNode, {
      parameters: { resume: 'specificTime', dateTime: '2000-01-01T00:00:00Z' },
    });
    expect([past.slept, past.waitUntil]).toEqual([0, undefined]);
  });

  it('rejects a negative amount, unknown unit, invalid date or resume mode', async () => {
    const run = (parameters: Record<string, unknown>) => runNodeExpectingError(waitNode, { parameters });
    expect(await run({ amount: -1 })).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"Wait Amount" must be a number of at least 0, not -1',
    });
    expect((await run({ unit: 'weeks' })).message).toBe('unknown wait unit "weeks"');
    expect((await run({ resume: 'specificTime', dateTime: 'soon' })).message).toBe(
      '"Date and Time" is not a valid date: "soon"',
    );
    expect((await run({ resume: 'email' })).message).toBe(
      '"resume" must be timeInterval, specificTime or webhook, not "email"',
    );
  });
});
