import type { NodeRun, RunData } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { restoreInputs, storedRunText } from './stored-node-run.js';

function run(fields: Partial<NodeRun> & Pick<NodeRun, 'inputs' | 'source' | 'outputs'>): NodeRun {
  return { runIndex: 0, status: 'success', startedAt: 1, durationMs: 0, ...fields };
}

const trigger = run({ inputs: [[{ json: { body: 1 } }]], source: [null], outputs: [[{ json: { a: 1 } }]] });
const branch = run({
  inputs: [[{ json: { a: 1 } }]],
  source: [{ node: 'trigger', output: 0, runIndex: 0 }],
  outputs: [[{ json: { yes: true } }], [{ json: { no: true } }]],
});
// A second run of a node fed by the second output of `branch`, with one input that never came.
const merge = run({
  runIndex: 1,
  inputs: [[{ json: { no: true } }], []],
  source: [{ node: 'branch', output: 1, runIndex: 0 }, null],
  outputs: [[{ json: { merged: true } }]],
});
const firstMerge = run({ inputs: [[], []], source: [null, null], outputs: [[]] });

function storedAndRead(runData: RunData): RunData {
  const stored: RunData = {};
  for (const [nodeId, runs] of Object.entries(runData)) {
    stored[nodeId] = runs.map((each) => JSON.parse(storedRunText(each)) as NodeRun);
  }
  return restoreInputs(stored);
}

describe('stored node runs', () => {
  it('leave out inputs that came from another run and read back exactly as they ran', () => {
    const runData: RunData = { trigger: [trigger], branch: [branch], merge: [firstMerge, merge] };
    expect(JSON.parse(storedRunText(branch)).inputs).toEqual([null]);
    expect(JSON.parse(storedRunText(merge)).inputs).toEqual([null, []]);
    expect(JSON.parse(storedRunText(trigger)).inputs).toEqual(trigger.inputs);
    expect(storedAndRead(runData)).toEqual(runData);
  });

  it('read runs stored with their full inputs unchanged', () => {
    const legacy: RunData = {
      trigger: [JSON.parse(JSON.stringify(trigger))],
      branch: [JSON.parse(JSON.stringify(branch))],
    };
    expect(restoreInputs(structuredClone(legacy))).toEqual(legacy);
  });

  it('give an empty input when the run it came from is not stored', () => {
    const orphan: RunData = { branch: [JSON.parse(storedRunText(branch))] };
    expect(restoreInputs(orphan).branch?.[0]?.inputs).toEqual([[]]);
  });
});
