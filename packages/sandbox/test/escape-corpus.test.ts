import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapePayloads } from './escape-payloads.js';
import { evaluate, runCode, snapshot, value } from './fixtures.js';

const CANARY = 'canary-9c1e-secret';
const SENTINEL = 'host-sentinel-7f3a';
const LIMITS = { timeoutMs: 500, memoryMb: 64 };
/** Kill within the limit plus a generous margin (the isolate is recreated after memory kills). */
const MAX_ELAPSED_MS = LIMITS.timeoutMs + 1_500;

const sandbox = createIsolatedVmSandbox();
const hostGlobal = globalThis as { __KLIKK_HOST_SENTINEL__?: string };

function hostPrototypeNames() {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype, Promise.prototype].map(
    (proto) => Reflect.ownKeys(proto).map(String).sort().join(','),
  );
}

let baseline: string[];
beforeAll(async () => {
  process.env.KLIKK_CANARY = CANARY;
  hostGlobal.__KLIKK_HOST_SENTINEL__ = SENTINEL;
  baseline = hostPrototypeNames();
  await value(sandbox, '1');
});
afterAll(async () => {
  delete process.env.KLIKK_CANARY;
  delete hostGlobal.__KLIKK_HOST_SENTINEL__;
  await sandbox.dispose();
});

/** Nothing escaped: no canary, no marker, host prototypes untouched, and the sandbox answers normally. */
async function expectContained(outcome: unknown, elapsed: number) {
  const text = JSON.stringify(outcome);
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(SENTINEL);
  expect(text).not.toContain('ESCAPED');
  expect(elapsed).toBeLessThan(MAX_ELAPSED_MS);
  expect(hostPrototypeNames()).toEqual(baseline);
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  expect(await value(sandbox, '[typeof ({}).polluted, typeof [].polluted, $json.name, 6 * 7]')).toEqual([
    'undefined',
    'undefined',
    'Ada',
    42,
  ]);
}

it('has at least 40 payloads', () => {
  expect(escapePayloads.length).toBeGreaterThanOrEqual(40);
});

describe.each(escapePayloads)('escape payload: $name', ({ source }) => {
  it('is contained as an expression', async () => {
    const start = performance.now();
    const outcome = await evaluate(sandbox, source, 0, snapshot(), LIMITS);
    await expectContained(outcome, performance.now() - start);
  });

  it('is contained as a Code node body', async () => {
    const start = performance.now();
    const outcome = await runCode(
      sandbox,
      `const result = await (${source});\nconsole.log(result);\nreturn [{ json: { result: String(result) } }];`,
      'runOnceForAllItems',
      snapshot(),
      LIMITS,
    );
    await expectContained(outcome, performance.now() - start);
  });
});
