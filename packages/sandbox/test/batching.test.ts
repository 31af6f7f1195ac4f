import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS, manyItems, single, snapshot } from './fixtures.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

describe('batched evaluation', () => {
  it('evaluates 1,000 items x 3 programs in one call, results in job order', async () => {
    const data = snapshot({ input: manyItems(1_000) });
    const programs = [
      single('$json.i * 2'),
      { parts: [{ text: '#' }, { code: '$json.i' }] },
      single('$itemIndex'),
    ];
    const jobs: [number, number][] = [];
    for (let item = 0; item < 1_000; item++)
      for (let program = 0; program < 3; program++) jobs.push([program, item]);
    const { results } = await sandbox.evaluateExpressions({ programs, jobs, data, limits: LIMITS });
    expect(results).toHaveLength(3_000);
    expect(results[0]).toEqual({ ok: true, value: 0 });
    expect(results[2_997]).toEqual({ ok: true, value: 1_998 });
    expect(results[2_998]).toEqual({ ok: true, value: '#999' });
    expect(results[2_999]).toEqual({ ok: true, value: 999 });
  });

  it('costs about one call, not one per item', async () => {
    const data = snapshot({ input: manyItems(1_000) });
    const batch = { programs: [single('$json.i + 1')], data, limits: LIMITS };
    const time = async (jobs: [number, number][]) => {
      const start = performance.now();
      await sandbox.evaluateExpressions({ ...batch, jobs });
      return performance.now() - start;
    };
    await time([[0, 0]]);
    const one = Math.min(await time([[0, 0]]), await time([[0, 0]]));
    const all = Math.min(
      await time(Array.from({ length: 1_000 }, (_, i): [number, number] => [0, i])),
      await time(Array.from({ length: 1_000 }, (_, i): [number, number] => [0, i])),
    );
    // 1,000 separate calls would cost >= 1,000 x one call; a batch stays within a small multiple of one.
    expect(all).toBeLessThan(Math.max(one * 20, 50));
  });

  it('a failing job does not fail the others', async () => {
    const data = snapshot({ input: manyItems(10) });
    const programs = [single('$json.i === 3 ? null.boom : $json.i'), single('oops(')];
    const jobs = Array.from({ length: 10 }, (_, i): [number, number] => [0, i]);
    jobs.push([1, 0]);
    const { results } = await sandbox.evaluateExpressions({ programs, jobs, data, limits: LIMITS });
    expect(results.filter((r) => r.ok)).toHaveLength(9);
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'EXPR_ERROR' } });
    expect(results[4]).toEqual({ ok: true, value: 4 });
    expect(results[10]).toMatchObject({ ok: false, error: { code: 'EXPR_SYNTAX' } });
  });

  it('reuses compiled programs across calls and survives cache turnover', async () => {
    for (let i = 0; i < 600; i++) {
      const { results } = await sandbox.evaluateExpressions({
        programs: [single(`$json.name + ${i}`)],
        jobs: [[0, 0]],
        data: snapshot(),
        limits: LIMITS,
      });
      expect(results[0]).toEqual({ ok: true, value: `Ada${i}` });
    }
  });
});

describe('batch edge cases', () => {
  it('serialises each value when its job ends, so a later job mutating shared data cannot change it', async () => {
    {
      const data = snapshot({ input: [{ json: { n: 1 } }] });
      const { results } = await sandbox.evaluateExpressions({
        programs: [{ parts: [{ code: '$json' }] }, { parts: [{ code: '($json.n = 2, $json.n)' }] }],
        jobs: [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
        data,
        limits: LIMITS,
      });
      expect(results).toEqual([
        { ok: true, value: { n: 1 } },
        { ok: true, value: 2 },
        { ok: true, value: { n: 2 } },
      ]);
    }
  });

  it('fails only the job whose value cannot be serialised, and flags functions and symbols as undefined', async () => {
    {
      const { results } = await sandbox.evaluateExpressions({
        programs: [
          { parts: [{ code: '(() => { const a = {}; a.self = a; return a; })()' }] },
          { parts: [{ code: '10n' }] },
          { parts: [{ code: '() => 1' }] },
          { parts: [{ code: 'Symbol("s")' }] },
          { parts: [{ code: '"fine"' }] },
        ],
        jobs: [
          [0, 0],
          [1, 0],
          [2, 0],
          [3, 0],
          [4, 0],
        ],
        data: snapshot({ input: [{ json: {} }] }),
        limits: LIMITS,
      });
      expect(results[0]).toMatchObject({ ok: false, error: { code: 'EXPR_ERROR' } });
      expect(results[1]).toMatchObject({ ok: false, error: { code: 'EXPR_ERROR' } });
      expect(results[2]).toEqual({ ok: true, undefined: true });
      expect(results[3]).toEqual({ ok: true, undefined: true });
      expect(results[4]).toEqual({ ok: true, value: 'fine' });
    }
  });
});
