import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test/support/ensure-built.js';
import { snapshot } from './fixtures.js';
import { processExists, sleep } from './probes.js';

beforeAll(ensureBuilt, 120_000);

const distIndex = new URL('../dist/index.js', import.meta.url).href;

interface HostRun {
  code: number | null;
  output: Record<string, unknown>;
  /** Time from the script's last line to its exit. */
  exitAfterMs: number;
}

/** Runs an ES module script in a fresh Node process with `sandbox` and `data` in scope. */
function runHost(body: string): Promise<HostRun> {
  const script = `import { createProcessSandbox } from ${JSON.stringify(distIndex)};
const sandbox = createProcessSandbox();
const data = ${JSON.stringify(snapshot())};
const run = (code) => sandbox.runCode({ code, mode: 'runOnceForAllItems', data, limits: { timeoutMs: 10000, memoryMb: 64 } });
${body}`;
  return new Promise((resolve, reject) => {
    const host = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let printedAt = 0;
    host.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      printedAt = performance.now();
    });
    host.on('error', reject);
    host.on('exit', (code) =>
      resolve({ code, output: JSON.parse(stdout || '{}'), exitAfterMs: performance.now() - printedAt }),
    );
  });
}

describe('a host using the process sandbox', () => {
  it('survives a catastrophic allocation in user code and exits normally', async () => {
    const result = await runHost(`
const crash = await run('new Array(2 ** 26).fill(0);\\nreturn [];');
const next = await run('return [{ ok: 1 }];');
await sandbox.dispose();
console.log(JSON.stringify({ crash: crash.error?.code, next: next.items }));`);
    expect(result.output).toEqual({ crash: 'CODE_MEMORY', next: [{ json: { ok: 1 } }] });
    expect(result.code).toBe(0);
    expect(result.exitAfterMs).toBeLessThan(2_000);
  });

  it('is not held open by an idle worker, and the worker ends with the host', async () => {
    const result = await runHost(`
await run('return [];');
console.log(JSON.stringify({ pid: sandbox.workerPid }));`);
    expect(result.code).toBe(0);
    expect(result.exitAfterMs).toBeLessThan(2_000);
    const pid = result.output.pid as number;
    for (let i = 0; i < 40 && processExists(pid); i++) await sleep(50);
    expect(processExists(pid)).toBe(false);
  });
});
