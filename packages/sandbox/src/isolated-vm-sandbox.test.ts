import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedVmSandbox } from './isolated-vm-sandbox.js';

const data = {
  timezone: 'UTC',
  now: Date.UTC(2024, 0, 2, 3, 4, 5),
  execution: { id: 'e', mode: 'manual' },
  workflow: { id: 'w', name: 'W', active: false },
  vars: {},
  node: { name: 'N', type: 't', parameters: {} },
  runIndex: 0,
  prevNode: null,
  input: [{ json: { s: 'x', o: { a: 1 }, arr: [1, 2], nul: null, num: 4.5, bool: false } }],
  nodes: {},
  paired: {},
};
const limits = { timeoutMs: 1_000, memoryMb: 64 };
const sandbox = createIsolatedVmSandbox({ memoryMb: 64 });
afterAll(() => sandbox.dispose());

async function template(parts: ({ text: string } | { code: string })[]) {
  const { results } = await sandbox.evaluateExpressions({
    programs: [{ parts }],
    jobs: [[0, 0]],
    data,
    limits,
  });
  return results[0];
}

describe('template semantics', () => {
  it('a single code part returns the raw value', async () => {
    expect(await template([{ code: '$json.o' }])).toEqual({ ok: true, value: { a: 1 } });
    expect(await template([{ code: '$json.arr' }])).toEqual({ ok: true, value: [1, 2] });
    expect(await template([{ code: '$json.num' }])).toEqual({ ok: true, value: 4.5 });
    expect(await template([{ code: '$json.bool' }])).toEqual({ ok: true, value: false });
    expect(await template([{ code: '$json.nul' }])).toEqual({ ok: true, value: null });
    expect(await template([{ text: '' }, { code: '$json.num' }])).toEqual({ ok: true, value: 4.5 });
  });

  it('flags undefined, and what JSON cannot carry, as undefined', async () => {
    expect(await template([{ code: '$json.missing' }])).toEqual({ ok: true, undefined: true });
    expect(await template([{ code: '() => 1' }])).toEqual({ ok: true, undefined: true });
  });

  it('mixed text converts like n8n: undefined/null to empty, objects and arrays via String()', async () => {
    const parts = [
      { text: 'o=' },
      { code: '$json.o' },
      { text: ' a=' },
      { code: '$json.arr' },
      { text: ' u=' },
      { code: '$json.missing' },
      { text: ' n=' },
      { code: '$json.nul' },
      { text: ' d=' },
      { code: '$now' },
    ];
    expect(await template(parts)).toEqual({
      ok: true,
      value: 'o=[object Object] a=1,2 u= n= d=2024-01-02T03:04:05.000Z',
    });
  });

  it('text-only programs return their text', async () => {
    expect(await template([{ text: 'plain' }])).toEqual({ ok: true, value: 'plain' });
  });

  it('a Luxon DateTime returned raw crosses as ISO text', async () => {
    expect(await template([{ code: '$now.plus({ hours: 1 })' }])).toEqual({
      ok: true,
      value: '2024-01-02T04:04:05.000Z',
    });
  });

  it('reports syntax errors as EXPR_SYNTAX and throws as EXPR_ERROR with the error name', async () => {
    const syntax = await template([{ code: '1 +' }]);
    expect(syntax).toMatchObject({ ok: false, error: { code: 'EXPR_SYNTAX', intent: 'user' } });
    const thrown = await template([{ code: '$json.o.x.y' }]);
    expect(thrown).toMatchObject({
      ok: false,
      error: { code: 'EXPR_ERROR', details: { errorName: 'TypeError' } },
    });
    expect(await template([{ code: '(() => { throw "plain" })()' }])).toMatchObject({
      ok: false,
      error: { code: 'EXPR_ERROR', message: 'plain' },
    });
    expect(await template([{ code: '(() => { throw { get message() { throw 1 } } })()' }])).toMatchObject({
      ok: false,
      error: { message: 'A value that cannot be described was thrown' },
    });
  });

  it('a value JSON cannot encode fails its job', async () => {
    expect(await template([{ code: '10n' }])).toMatchObject({ ok: false, error: { code: 'EXPR_ERROR' } });
  });

  it('an unknown program index fails only that job', async () => {
    const { results } = await sandbox.evaluateExpressions({
      programs: [{ parts: [{ code: '1' }] }],
      jobs: [
        [3, 0],
        [0, 0],
      ],
      data,
      limits,
    });
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'EXPR_ERROR' } });
    expect(results[1]).toEqual({ ok: true, value: 1 });
  });

  it('answers an empty batch without a call, and applies default limits', async () => {
    expect(await sandbox.evaluateExpressions({ programs: [], jobs: [], data, limits })).toEqual({
      results: [],
    });
    const { results } = await sandbox.evaluateExpressions({
      programs: [{ parts: [{ code: '2' }] }],
      jobs: [[0, 0]],
      data,
      limits: { timeoutMs: Number.NaN, memoryMb: -1 },
    });
    expect(results[0]).toEqual({ ok: true, value: 2 });
  });

  it('refuses data that cannot be serialised, per job', async () => {
    const bad = { ...data, vars: { big: 1n } as unknown as Record<string, string> };
    const { results } = await sandbox.evaluateExpressions({
      programs: [{ parts: [{ code: '1' }] }],
      jobs: [[0, 0]],
      data: bad,
      limits,
    });
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'EXPR_ERROR' } });
    const code = await sandbox.runCode({ code: 'return []', mode: 'runOnceForAllItems', data: bad, limits });
    expect(code).toMatchObject({ ok: false, error: { code: 'CODE_ERROR' }, logs: [] });
  });

  it('drops __proto__ keys from results', async () => {
    const outcome = await template([{ code: 'JSON.parse(\'{"__proto__": {"polluted": 1}, "ok": 1}\')' }]);
    expect(outcome).toEqual({ ok: true, value: { ok: 1 } });
    const value = (outcome as { value: object }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe('isolate pool', () => {
  it('keeps one isolate per memory limit and frees the oldest past four', async () => {
    const pool = createIsolatedVmSandbox();
    for (const memoryMb of [16, 32, 48, 64, 80, 16]) {
      const { results } = await pool.evaluateExpressions({
        programs: [{ parts: [{ code: '$json.s' }] }],
        jobs: [[0, 0]],
        data,
        limits: { timeoutMs: 1_000, memoryMb },
      });
      expect(results[0]).toEqual({ ok: true, value: 'x' });
    }
    await pool.dispose();
  });
});
