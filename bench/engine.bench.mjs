// Times the engine on the heavy scenario against plain JavaScript doing the same work in the same process.
// Run it with `npm run bench -- engine [--iterations N]` (the script builds the workspace first).
import { isDeepStrictEqual } from 'node:util';
import { createEngine, createNodeRegistry } from '@klikkflow/engine';
import { builtinNodes } from '@klikkflow/nodes';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { workflowSchema } from '@klikkflow/types';
import { heavyBaseline, heavyRecords, heavyWorkflow, sandboxedHeavyWorkflow } from './heavy-scenario.mjs';

/** How many baseline runs per engine run: the baseline is much faster and needs more samples. */
const BASELINE_FACTOR = 10;
/** Stop sampling after this long even if fewer iterations ran, so the bench stays quick on slow machines. */
const TIME_BOX_MS = 20_000;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return { median, mean, runs: samples.length };
}

async function sample(iterations, fn) {
  const samples = [];
  const deadline = performance.now() + TIME_BOX_MS;
  for (let i = 0; i < iterations && (i === 0 || performance.now() < deadline); i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

function formatMs(ms) {
  return ms < 1 ? ms.toFixed(2) : ms.toFixed(1);
}

/** Runs the bench; `iterations` engine runs (and ten times as many baseline runs) after a warm-up. */
export async function runEngineBench({ iterations = 200, log = console.log } = {}) {
  const records = heavyRecords();
  const triggerItems = [{ json: { items: records } }];
  const expected = heavyBaseline(records);
  const sandbox = createIsolatedVmSandbox();
  try {
    const engine = createEngine({ registry: createNodeRegistry(builtinNodes), ports: { sandbox } });
    const runWorkflow = async (workflow) => {
      const result = await engine.run({ workflow, triggerItems });
      if (result.status !== 'success') {
        throw new Error(`the heavy workflow ended ${result.status}: ${result.error?.message ?? ''}`);
      }
      return (result.output?.[0] ?? []).map((item) => item.json);
    };
    const fastWorkflow = workflowSchema.parse(heavyWorkflow);
    const sandboxedWorkflow = workflowSchema.parse(sandboxedHeavyWorkflow);
    const runEngine = () => runWorkflow(fastWorkflow);
    const runSandboxed = () => runWorkflow(sandboxedWorkflow);

    for (const run of [runEngine, runSandboxed]) {
      const actual = await run();
      if (!isDeepStrictEqual(actual, expected)) {
        const at = actual.findIndex((item, i) => !isDeepStrictEqual(item, expected[i]));
        throw new Error(
          `engine and baseline disagree: ${actual.length} vs ${expected.length} items; first difference at ` +
            `${at}: ${JSON.stringify(actual[at])} vs ${JSON.stringify(expected[at])}`,
        );
      }
    }

    const warmup = Math.max(1, Math.min(20, Math.floor(iterations / 10)));
    for (let i = 0; i < warmup; i++) await runEngine();
    for (let i = 0; i < warmup; i++) await runSandboxed();
    for (let i = 0; i < warmup * BASELINE_FACTOR; i++) heavyBaseline(records);

    const engineStats = await sample(iterations, runEngine);
    const sandboxedStats = await sample(iterations, runSandboxed);
    const baselineStats = await sample(iterations * BASELINE_FACTOR, () => heavyBaseline(records));
    const line = (label, s) =>
      `${label}: median ${formatMs(s.median)} ms, mean ${formatMs(s.mean)} ms (${s.runs} runs)`;
    log(line('heavy engine', engineStats));
    log(line('heavy engine, expressions in the sandbox', sandboxedStats));
    log(line('heavy baseline', baselineStats));
    log(
      `heavy (expressions in the sandbox): ${formatMs(sandboxedStats.median)} ms/exec, ratio ${(sandboxedStats.median / baselineStats.median).toFixed(1)}`,
    );
    const ratio = engineStats.median / baselineStats.median;
    log(
      `heavy: ${formatMs(engineStats.median)} ms/exec, baseline ${formatMs(baselineStats.median)} ms, ratio ${ratio.toFixed(1)}`,
    );
    return { engine: engineStats, sandboxed: sandboxedStats, baseline: baselineStats, ratio };
  } finally {
    await sandbox.dispose();
  }
}
