import type { NodeRun, RunData } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { restoreRuns, runDataOfRows, storedRunText } from './stored-node-run.js';

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
  return restoreRuns(stored);
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
    expect(restoreRuns(structuredClone(legacy))).toEqual(legacy);
  });

  it('give an empty input when the run it came from is not stored', () => {
    const orphan: RunData = { branch: [JSON.parse(storedRunText(branch))] };
    expect(restoreRuns(orphan).branch?.[0]?.inputs).toEqual([[]]);
  });

  it('store the json a node passed through as positions among its inputs, across input ports', () => {
    const fizz = { json: { n: 3, tag: 'fizz' } };
    const other = { json: { n: 1, tag: 'other' } };
    const left = run({ inputs: [[]], source: [null], outputs: [[fizz]] });
    const right = run({ inputs: [[]], source: [null], outputs: [[other]] });
    const merge = run({
      startedAt: 2,
      inputs: [[fizz], [other]],
      source: [
        { node: 'left', output: 0, runIndex: 0 },
        { node: 'right', output: 0, runIndex: 0 },
      ],
      outputs: [
        [
          { json: other.json, pairedItem: { item: 0, input: 1 } },
          { json: fizz.json, pairedItem: { item: 0 } },
        ],
      ],
    });
    const stored = JSON.parse(storedRunText(merge));
    expect(stored.outputs).toEqual([{ json: [1, 0], paired: [[0, 1], 0] }]);
    const runData: RunData = { merge: [merge], left: [left], right: [right] };
    expect(storedAndRead(runData)).toEqual(runData);
  });

  it('keep every pairedItem form and every other item field', () => {
    const input = { json: { a: 1 } };
    const items = [
      { json: input.json },
      { json: { b: 2 }, pairedItem: [{ item: 0 }, { item: 1, input: 1 }] },
      { json: { c: 3 }, pairedItem: { item: 0, input: 0, run: 2 } },
      {
        json: { d: 4 },
        pairedItem: { item: 0 },
        error: 'boom',
        binary: { file: { id: 'k', mimeType: 'text/plain' } },
      },
      { json: { e: 5 }, pairedItem: [] },
    ];
    const mixed = run({ inputs: [[input]], source: [null], outputs: [items, []] });
    const stored = JSON.parse(storedRunText(mixed));
    expect(stored.outputs[0].json[0]).toBe(0);
    expect(stored.outputs[1]).toEqual([]);
    expect(storedAndRead({ mixed: [mixed] })).toEqual({ mixed: [mixed] });
  });

  it('store a port as it is when an item has json that is not an object', () => {
    const odd = run({
      inputs: [[]],
      source: [null],
      outputs: [[{ json: 5 as unknown as Record<string, unknown> }]],
    });
    expect(JSON.parse(storedRunText(odd)).outputs).toEqual(odd.outputs);
    expect(storedAndRead({ odd: [odd] })).toEqual({ odd: [odd] });
  });

  it('restore a source before the runs it fed, when both started in the same millisecond', () => {
    // Rows come ordered by node id: `a-consumer` (fed through `z-source`) is read before its source.
    const item = { json: { round: 1 } };
    const source = run({
      inputs: [[item]],
      source: [null],
      outputs: [[{ json: item.json, pairedItem: { item: 0 } }]],
    });
    const consumer = run({
      inputs: [[{ json: item.json, pairedItem: { item: 0 } }]],
      source: [{ node: 'z-source', output: 0, runIndex: 0 }],
      outputs: [[{ json: item.json, pairedItem: { item: 0 } }]],
    });
    const read = runDataOfRows([
      { node_id: 'a-consumer', data: storedRunText(consumer) },
      { node_id: 'z-source', data: storedRunText(source) },
    ]);
    expect(read).toEqual({ 'a-consumer': [consumer], 'z-source': [source] });
  });

  it('store a trigger input that is the start items as a reference to the start, and read it back from it', () => {
    const startItems = [{ json: { body: { big: 'x'.repeat(100) } } }];
    const hook = run({
      inputs: [startItems],
      source: [null],
      outputs: [
        [{ json: (startItems[0] as { json: Record<string, unknown> }).json, pairedItem: { item: 0 } }],
      ],
    });
    const text = storedRunText(hook, startItems);
    expect(JSON.parse(text).inputs).toEqual(['start']);
    expect(text).not.toContain('xxxx');
    expect(runDataOfRows([{ node_id: 'hook', data: text }], structuredClone(startItems))).toEqual({
      hook: [hook],
    });
    // Equal items that are not the start's own array are stored as they are.
    expect(JSON.parse(storedRunText(hook, structuredClone(startItems))).inputs).toEqual([startItems]);
  });
});
