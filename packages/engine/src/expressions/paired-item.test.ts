import type { Item, NodeRun, RunData, RunSource } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { resolvePairedItem, resolvePairedItems } from './paired-item.js';

const from = (node: string, output = 0, runIndex = 0): RunSource => ({ node, output, runIndex });

function run(
  inputs: Item[][],
  source: (RunSource | null)[],
  outputs: Item[][] | null,
  runIndex = 0,
): NodeRun {
  return { runIndex, status: 'success', startedAt: 0, durationMs: 0, source, inputs, outputs };
}

const json = (n: number, pairedItem?: Item['pairedItem'] | number): Item =>
  pairedItem === undefined ? { json: { n } } : ({ json: { n }, pairedItem } as Item);

// trigger → split → pick, plus "side" feeding pick's input 1.
const triggerOut = [json(0), json(1), json(2)];
const sideOut = [json(100), json(101)];
const splitOut = [json(10, { item: 2 }), json(11, 1), json(12, [{ item: 9 }, { item: 0 }]), json(13)];
const pickOut = [
  json(20, { item: 3 }),
  json(21, { item: 1, input: 1 }),
  json(22, { item: 0 }),
  json(23, [{ item: 7 }, { item: 0, input: 1 }]),
];
const runData: RunData = {
  trigger: [run([], [], [triggerOut])],
  side: [run([], [], [sideOut])],
  split: [run([triggerOut], [from('trigger')], [splitOut])],
  pick: [run([splitOut, sideOut], [from('split'), from('side')], [pickOut])],
};

describe('resolvePairedItem', () => {
  it('is immediate when the target is the direct parent', () => {
    expect(resolvePairedItem(runData, from('pick', 0, 0), 2, 'pick')).toEqual({
      runIndex: 0,
      output: 0,
      item: 2,
    });
  });

  it('walks object, number and array refs back to the target', () => {
    // pick[2] → split[0] → trigger[2]
    expect(resolvePairedItem(runData, from('pick'), 2, 'trigger')).toEqual({
      runIndex: 0,
      output: 0,
      item: 2,
    });
    expect(resolvePairedItem(runData, from('pick'), 2, 'split')).toEqual({ runIndex: 0, output: 0, item: 0 });
    // split[1] has a bare-number pairedItem
    expect(resolvePairedItem(runData, from('split'), 1, 'trigger')).toEqual({
      runIndex: 0,
      output: 0,
      item: 1,
    });
    // split[2]: the first ref points at a missing item, the second resolves
    expect(resolvePairedItem(runData, from('split'), 2, 'trigger')).toEqual({
      runIndex: 0,
      output: 0,
      item: 0,
    });
  });

  it('follows the input named by the ref', () => {
    expect(resolvePairedItem(runData, from('pick'), 1, 'side')).toEqual({ runIndex: 0, output: 0, item: 1 });
    expect(resolvePairedItem(runData, from('pick'), 1, 'trigger')).toBeNull();
    expect(resolvePairedItem(runData, from('pick'), 3, 'side')).toEqual({ runIndex: 0, output: 0, item: 0 });
  });

  it('treats an unpaired item as item 0 only when its parent had a single input item', () => {
    // split[3] has no pairedItem and split had three input items
    expect(resolvePairedItem(runData, from('pick'), 0, 'trigger')).toBeNull();
    const single: RunData = {
      trigger: [run([], [], [[json(0)]])],
      multi: [run([[], [json(0)]], [null, from('trigger')], [[json(1), json(2)]])],
      empty: [run([], [], [[json(5)]])],
    };
    expect(resolvePairedItem(single, from('multi'), 1, 'trigger')).toEqual({
      runIndex: 0,
      output: 0,
      item: 0,
    });
    expect(resolvePairedItem(single, from('empty'), 0, 'trigger')).toBeNull();
    const emptyArray: RunData = {
      trigger: [run([], [], [[json(0), json(1)]])],
      node: [run([[json(0), json(1)]], [from('trigger')], [[json(3, [])]])],
    };
    expect(resolvePairedItem(emptyArray, from('node'), 0, 'trigger')).toBeNull();
  });

  it('uses the run and output recorded in each source', () => {
    const loop: RunData = {
      start: [run([], [], [[json(0)]]), run([], [], [[json(1), json(2)]], 1)],
      step: [run([[json(1), json(2)]], [from('start', 0, 1)], [[], [json(3, { item: 1 })]])],
    };
    expect(resolvePairedItem(loop, from('step', 1), 0, 'start')).toEqual({ runIndex: 1, output: 0, item: 1 });
    expect(resolvePairedItem(loop, from('step', 0), 0, 'start')).toBeNull();
  });

  it('returns null for missing sources, runs and items', () => {
    expect(resolvePairedItem(runData, null, 0, 'trigger')).toBeNull();
    expect(resolvePairedItem(runData, undefined, 0, 'trigger')).toBeNull();
    expect(resolvePairedItem(runData, from('nowhere'), 0, 'trigger')).toBeNull();
    expect(resolvePairedItem(runData, from('split', 0, 5), 0, 'trigger')).toBeNull();
    expect(resolvePairedItem(runData, from('split'), 99, 'trigger')).toBeNull();
    expect(resolvePairedItem(runData, from('constructor'), 0, 'trigger')).toBeNull();
    const failed: RunData = {
      trigger: [run([], [], [[json(0)]])],
      bad: [run([[json(0)]], [from('trigger')], null)],
    };
    expect(resolvePairedItem(failed, from('bad'), 0, 'trigger')).toBeNull();
    // A malformed ref is unresolvable rather than a crash.
    const odd: RunData = {
      trigger: [run([], [], [[json(0), json(1)]])],
      node: [run([[json(0), json(1)]], [from('trigger')], [[json(3, [{} as never, 1 as never])]])],
    };
    expect(resolvePairedItem(odd, from('node'), 0, 'trigger')).toEqual({ runIndex: 0, output: 0, item: 1 });
  });

  it('follows a ref to an earlier run of the same node (loops re-emit items)', () => {
    const before = [json(0), json(1)];
    const loopRuns = [
      run([before], [from('before')], [[], [json(0, { item: 0 })]], 0),
      run([[json(50, { item: 0 })]], [from('body', 0, 0)], [[], [json(1, { item: 1, run: 0 })]], 1),
    ];
    const loopData: RunData = {
      before: [run([], [], [before])],
      loop: loopRuns,
      body: [run([[json(0)]], [from('loop', 1, 0)], [[json(50, { item: 0 })]])],
    };
    expect(resolvePairedItem(loopData, from('loop', 1, 1), 0, 'before')).toEqual({
      runIndex: 0,
      output: 0,
      item: 1,
    });
    expect(resolvePairedItem(loopData, from('loop', 1, 0), 0, 'before')).toEqual({
      runIndex: 0,
      output: 0,
      item: 0,
    });
    const badRun: RunData = {
      ...loopData,
      loop: [loopRuns[0] as NodeRun, run([[]], [null], [[], [json(1, { item: 0, run: 7 })]], 1)],
    };
    expect(resolvePairedItem(badRun, from('loop', 1, 1), 0, 'before')).toBeNull();
  });

  it('stops on cyclic lineage', () => {
    const cyclic: RunData = {
      a: [run([[json(0)]], [from('b')], [[json(1, { item: 0 })]])],
      b: [run([[json(0)]], [from('a')], [[json(2, { item: 0 })]])],
    };
    expect(resolvePairedItem(cyclic, from('a'), 0, 'target')).toBeNull();
    // Branching cycles exhaust the budget too.
    const branching: RunData = {
      a: [run([[json(0)]], [from('a')], [[json(1, [{ item: 0 }, { item: 0 }])]])],
    };
    expect(resolvePairedItem(branching, from('a'), 0, 'target', 50)).toBeNull();
  });
});

describe('resolvePairedItems', () => {
  it('resolves every item of an input', () => {
    expect(resolvePairedItems(runData, from('pick'), 4, 'trigger')).toEqual([
      null,
      null,
      { runIndex: 0, output: 0, item: 2 },
      null,
    ]);
    expect(resolvePairedItems(runData, from('pick'), 4, 'side')).toEqual([
      null,
      { runIndex: 0, output: 0, item: 1 },
      null,
      { runIndex: 0, output: 0, item: 0 },
    ]);
  });

  it('gives nulls without a source or without run data of the target', () => {
    expect(resolvePairedItems(runData, null, 2, 'trigger')).toEqual([null, null]);
    expect(resolvePairedItems(runData, from('pick'), 2, 'never-ran')).toEqual([null, null]);
  });
});
