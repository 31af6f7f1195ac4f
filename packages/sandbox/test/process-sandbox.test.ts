import { readFileSync } from 'node:fs';
import { createProcessSandbox } from '@klikkflow/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test/support/ensure-built.js';
import { evaluate, runCode, snapshot, value } from './fixtures.js';
import { processExists, sleep, withLagProbe } from './probes.js';

/** One allocation far past a 64 MB heap: V8 cannot unwind it and reports a catastrophic error. */
const CATASTROPHIC = 'new Array(2 ** 26).fill(0);\nreturn [];';
const BIG_LIMITS = { timeoutMs: 10_000, memoryMb: 64 };
const SHORT_LIMITS = { timeoutMs: 300, memoryMb: 64 };

// The worker runs from dist/ (Node cannot run the TypeScript sources Vitest uses).
beforeAll(ensureBuilt, 120_000);

const sandbox = createProcessSandbox();
afterAll(() => sandbox.dispose());

/** The running worker's pid, after a call has started it. */
async function workerPid(): Promise<number> {
  expect(await value(sandbox, '1')).toBe(1);
  return sandbox.workerPid as number;
}

describe('a worker that dies', () => {
  it('fails a Code node with CODE_MEMORY on a catastrophic allocation, and a new worker serves the next call', async () => {
    const before = await workerPid();
    const outcome = await runCode(sandbox, CATASTROPHIC, 'runOnceForAllItems', snapshot(), BIG_LIMITS);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_MEMORY', details: { memoryMb: 64 } } });
    expect(processExists(before)).toBe(false);
    expect(await value(sandbox, '$json.name')).toBe('Ada');
    expect(sandbox.workerPid).not.toBe(before);
  });

  it('fails every job of an expression batch with EXPR_MEMORY on a catastrophic allocation', async () => {
    const { results } = await sandbox.evaluateExpressions({
      programs: [{ parts: [{ code: '1' }] }, { parts: [{ code: 'new Array(2 ** 26).fill(0).length' }] }],
      jobs: [
        [0, 0],
        [1, 0],
      ],
      data: snapshot(),
      limits: BIG_LIMITS,
    });
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['EXPR_MEMORY', 'EXPR_MEMORY']);
    expect(await value(sandbox, '2 * 3')).toBe(6);
  });

  it('fails the call in flight with a clear error when the worker is killed, then recovers', async () => {
    const pid = await workerPid();
    const call = runCode(sandbox, 'while (true) {}', 'runOnceForAllItems', snapshot(), BIG_LIMITS);
    await sleep(200);
    process.kill(pid, 'SIGKILL');
    expect(await call).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR', message: 'The sandbox process died during the call (signal SIGKILL)' },
    });
    expect(await value(sandbox, '$json.name', 1)).toBe('Bob');
  });

  it('returns *_TIMEOUT and replaces a worker that stops answering (limit + grace)', async () => {
    const pid = await workerPid();
    const call = evaluate(sandbox, '1', 0, snapshot(), SHORT_LIMITS);
    process.kill(pid, 'SIGSTOP');
    const start = performance.now();
    expect(await call).toMatchObject({ ok: false, error: { code: 'EXPR_TIMEOUT' } });
    expect(performance.now() - start).toBeLessThan(SHORT_LIMITS.timeoutMs + 500 + 400);
    expect(processExists(pid)).toBe(false);
    expect(await value(sandbox, '40 + 2')).toBe(42);
  });
});

describe('queued calls', () => {
  it('answer each caller with its own result, and a crash in the queue fails only its own call', async () => {
    const items = snapshot().input.map((_, i) => i);
    const calls = [
      ...items.map((i) => value(sandbox, '$json.name + $itemIndex', i)),
      runCode(sandbox, CATASTROPHIC, 'runOnceForAllItems', snapshot(), BIG_LIMITS),
      ...Array.from({ length: 20 }, (_, i) => value(sandbox, `${i} * 2`)),
    ];
    const results = await Promise.all(calls);
    expect(results.slice(0, 2)).toEqual(['Ada0', 'Bob1']);
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'CODE_MEMORY' } });
    expect(results.slice(3)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });
});

describe('the host', () => {
  it('stays responsive while a Code node loops forever', async () => {
    await workerPid();
    const { result, maxLag } = await withLagProbe(() =>
      runCode(sandbox, 'while (true) {}', 'runOnceForAllItems', snapshot(), SHORT_LIMITS),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'CODE_TIMEOUT' } });
    expect(maxLag).toBeLessThan(100);
  });

  it('gives the worker none of its environment', async () => {
    process.env.KLIKKFLOW_CANARY_SECRET = 'canary-7f3a';
    const fresh = createProcessSandbox();
    try {
      expect(await value(fresh, '1')).toBe(1);
      const environ = readFileSync(`/proc/${fresh.workerPid}/environ`, 'utf8');
      expect(environ).not.toContain('canary-7f3a');
      expect(environ).not.toContain('KLIKKFLOW');
    } finally {
      delete process.env.KLIKKFLOW_CANARY_SECRET;
      await fresh.dispose();
    }
  });

  it('reports data that cannot be serialised as the in-process adapter does', async () => {
    const data = snapshot();
    Object.assign(data.vars, { self: data });
    const outcome = await evaluate(sandbox, '1', 0, data);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'EXPR_ERROR', message: expect.stringMatching(/^The data could not be passed/) },
    });
  });
});

describe('worker lifetime', () => {
  it('recycles the worker after maxCallsBeforeRecycle calls', async () => {
    const recycled = createProcessSandbox({ maxCallsBeforeRecycle: 2 });
    try {
      const pids: (number | undefined)[] = [];
      for (let i = 0; i < 3; i++) {
        expect(await value(recycled, `${i}`)).toBe(i);
        pids.push(recycled.workerPid);
      }
      expect(pids[0]).toBeTypeOf('number');
      expect(pids[1]).toBeUndefined();
      expect(pids[2]).not.toBe(pids[0]);
    } finally {
      await recycled.dispose();
    }
  });

  it('dispose() kills the worker', async () => {
    const own = createProcessSandbox();
    expect(await value(own, '1')).toBe(1);
    const pid = own.workerPid as number;
    await own.dispose();
    expect(own.workerPid).toBeUndefined();
    expect(processExists(pid)).toBe(false);
  });
});
