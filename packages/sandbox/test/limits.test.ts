import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, runCode, snapshot, value } from './fixtures.js';
import { withLagProbe } from './probes.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());
// Start the 64 MB isolate first, so the timings below measure the kill, not the start-up.
beforeAll(() => evaluate(sandbox, '0', 0, snapshot(), limits));

const TIMEOUT_MS = 300;
/** Generous: CI machines stall; the S3 target (limit + 100 ms) is reported by the measurements below. */
const MARGIN_MS = 400;
const limits = { timeoutMs: TIMEOUT_MS, memoryMb: 64 };

describe('time limit', () => {
  it('kills an infinite loop in an expression near the limit, failing the whole batch, host stays responsive', async () => {
    const { result, elapsed, maxLag } = await withLagProbe(() =>
      sandbox.evaluateExpressions({
        programs: [{ parts: [{ code: '1' }] }, { parts: [{ code: '(() => { while (true) {} })()' }] }],
        jobs: [
          [0, 0],
          [1, 0],
        ],
        data: snapshot(),
        limits,
      }),
    );
    expect(result.results.map((r) => !r.ok && r.error.code)).toEqual(['EXPR_TIMEOUT', 'EXPR_TIMEOUT']);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(maxLag).toBeLessThan(100);
    expect(await value(sandbox, '1 + 1')).toBe(2);
  });

  it('kills an infinite loop in a Code node and keeps the logs written before it', async () => {
    const { result, elapsed, maxLag } = await withLagProbe(() =>
      runCode(sandbox, "console.log('before');\nwhile (true) {}", 'runOnceForAllItems', snapshot(), limits),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'CODE_TIMEOUT' }, logs: ['before'] });
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(maxLag).toBeLessThan(100);
  });

  it('bounds loops that start after an await, and endless microtask chains', async () => {
    const afterAwait = await runCode(
      sandbox,
      'await null;\nfor (;;) {}',
      'runOnceForAllItems',
      snapshot(),
      limits,
    );
    expect(afterAwait).toMatchObject({ ok: false, error: { code: 'CODE_TIMEOUT' } });
    const microtasks = await evaluate(
      sandbox,
      '(async () => { for await (const x of (async function* () { for (;;) yield 1; })()) {} })()',
      0,
      snapshot(),
      limits,
    );
    expect(microtasks).toMatchObject({ ok: false, error: { code: 'EXPR_TIMEOUT' } });
  });

  it('cuts off a promise that never settles (the watchdog recreates the isolate)', async () => {
    const start = performance.now();
    const outcome = await runCode(
      sandbox,
      'await new Promise(() => {});',
      'runOnceForAllItems',
      snapshot(),
      limits,
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_TIMEOUT' } });
    expect(performance.now() - start).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(await value(sandbox, '$json.name')).toBe('Ada');
  });

  it('queued calls do not spend their budget waiting for the one before', async () => {
    const slow = runCode(sandbox, 'for (;;) {}', 'runOnceForAllItems', snapshot(), limits);
    const fast = evaluate(sandbox, '2 * 21', 0, snapshot(), limits);
    expect(await slow).toMatchObject({ ok: false, error: { code: 'CODE_TIMEOUT' } });
    expect(await fast).toEqual({ ok: true, value: 42 });
  });
});

describe('memory limit', () => {
  it('reports EXPR_MEMORY for a huge allocation and works again afterwards', async () => {
    const outcome = await evaluate(
      sandbox,
      '(() => { const a = []; for (;;) a.push({ x: Math.random(), s: "y".repeat(100) + Math.random() }); })()',
      0,
      snapshot(),
      { timeoutMs: 10_000, memoryMb: 64 },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'EXPR_MEMORY', details: { memoryMb: 64 } } });
    expect(await value(sandbox, '$json.name')).toBe('Ada');
  });

  it('reports CODE_MEMORY for a huge allocation in a Code node and works again afterwards', async () => {
    const outcome = await runCode(
      sandbox,
      'const chunks = [];\nwhile (true) chunks.push(new Array(1e6).fill(Math.random()));',
      'runOnceForAllItems',
      snapshot(),
      { timeoutMs: 10_000, memoryMb: 64 },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_MEMORY' } });
    expect(await runCode(sandbox, 'return [{ ok: true }];')).toEqual({
      ok: true,
      items: [{ json: { ok: true } }],
      logs: [],
    });
  });

  it('turns an impossible single allocation into an ordinary error', async () => {
    const outcome = await evaluate(sandbox, "'x'.repeat(2 ** 30).length");
    expect(outcome.ok).toBe(false);
    expect(await value(sandbox, '1')).toBe(1);
  });
});

describe('deep recursion', () => {
  it('is a catchable RangeError, per job and in code', async () => {
    const { results } = await sandbox.evaluateExpressions({
      programs: [
        { parts: [{ code: '(function f(n) { return f(n + 1) + 1; })(0)' }] },
        { parts: [{ code: '7' }] },
      ],
      jobs: [
        [0, 0],
        [1, 0],
      ],
      data: snapshot(),
      limits,
    });
    expect(results[0]).toMatchObject({
      ok: false,
      error: { code: 'EXPR_ERROR', details: { errorName: 'RangeError' } },
    });
    expect(results[1]).toEqual({ ok: true, value: 7 });
    const code = await runCode(sandbox, 'function f() { return f(); }\nreturn f();');
    expect(code).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR', message: 'Maximum call stack size exceeded [line 1]' },
    });
  });
});
