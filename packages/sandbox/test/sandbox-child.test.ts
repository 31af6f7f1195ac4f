import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test/support/ensure-built.js';
import { SandboxChild, type SandboxChildOptions } from '../src/sandbox-child.js';
import { single, snapshot } from './fixtures.js';
import { processExists, sleep } from './probes.js';

beforeAll(ensureBuilt, 120_000);

const options: SandboxChildOptions = {
  workerPath: fileURLToPath(new URL('../dist/sandbox-worker.js', import.meta.url)),
  memoryMb: 64,
  hostHeapMb: 256,
  startTimeoutMs: 15_000,
};

/** Same heap as the loop below, so it shares its isolate and waits behind it inside the worker. */
const limits = { timeoutMs: 10_000, memoryMb: 64 };
const expression = (code: string) =>
  JSON.stringify({ programs: [single(code)], jobs: [[0, 0]], data: snapshot(), limits });

describe('SandboxChild', () => {
  it('multiplexes overlapping calls by id', async () => {
    const child = new SandboxChild(options);
    try {
      await child.ready;
      const answers = await Promise.all(
        ['"a"', '"b"', '"c"'].map((code) => child.call('evaluateExpressions', expression(code), 5_000)),
      );
      expect(answers.map((a) => a.ok && JSON.parse(a.text).results[0].value)).toEqual(['a', 'b', 'c']);
    } finally {
      await child.kill();
    }
  });

  it('fails every call in flight when the worker dies, and never serves another', async () => {
    const child = new SandboxChild(options);
    await child.ready;
    const loop = JSON.stringify({
      code: 'while (true) {}',
      mode: 'runOnceForAllItems',
      data: snapshot(),
      limits,
    });
    const calls = [
      child.call('runCode', loop, 20_000),
      child.call('evaluateExpressions', expression('1'), 20_000),
    ];
    await sleep(200);
    process.kill(child.pid as number, 'SIGKILL');
    const died = {
      ok: false,
      reason: 'failure',
      message: 'The sandbox process died during the call (signal SIGKILL)',
    };
    expect(await Promise.all(calls)).toEqual([died, died]);
    expect(child.alive).toBe(false);
    expect(await child.call('evaluateExpressions', expression('1'), 1_000)).toMatchObject({
      ok: false,
      message: 'The sandbox process is not running',
    });
  });

  it("reports `memory` when the worker's own heap runs out (V8 aborts it)", async () => {
    const child = new SandboxChild({ ...options, hostHeapMb: 24 });
    await child.ready;
    const huge = JSON.stringify({
      programs: [single('1')],
      jobs: [[0, 0]],
      data: snapshot({ input: Array.from({ length: 300_000 }, (_, i) => ({ json: { i, s: `item ${i}` } })) }),
      limits,
    });
    expect(await child.call('evaluateExpressions', huge, 20_000)).toMatchObject({
      ok: false,
      reason: 'memory',
      message: 'out of memory (signal SIGABRT)',
    });
  });

  it('reports a worker that cannot start', async () => {
    const child = new SandboxChild({ ...options, workerPath: join(tmpdir(), 'klikkflow-no-such-worker.js') });
    await expect(child.ready).rejects.toThrow(/ended during start-up \(exit code 1\)/);
  });

  it('kills a worker that does not become ready in time', async () => {
    const silent = join(mkdtempSync(join(tmpdir(), 'klikkflow-worker-')), 'silent-worker.js');
    writeFileSync(silent, 'setInterval(() => {}, 1000);\n');
    const child = new SandboxChild({ ...options, workerPath: silent, startTimeoutMs: 300 });
    await expect(child.ready).rejects.toThrow('no answer within 300 ms');
    await child.kill();
    expect(processExists(child.pid as number)).toBe(false);
  });
});
