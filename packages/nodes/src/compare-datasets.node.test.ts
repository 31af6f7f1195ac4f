import { runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { compareDatasetsNode } from './compare-datasets.node.js';

const byId = { mergeByFields: [{ field1: 'id', field2: 'key' }] };
const run = (a: unknown[], b: unknown[], parameters: Record<string, unknown> = byId) =>
  runNode(compareDatasetsNode, { inputs: [toItems(a), toItems(b)], parameters });

describe('core.compareDatasets', () => {
  it('declares two inputs, four outputs, and runs with a missing input', () => {
    expect(compareDatasetsNode.inputs.map((port) => port.label)).toEqual(['Input A', 'Input B']);
    expect(compareDatasetsNode.outputs.map((port) => port.label)).toEqual([
      'In A only',
      'Same',
      'Different',
      'In B only',
    ]);
    expect(compareDatasetsNode.requiredInputs?.({})).toEqual([]);
  });

  it('sends items to A only, Same, Different and B only, paired to both sides', async () => {
    const a = [
      { id: 1, name: 'Ada', age: 36 },
      { id: 2, name: 'Bob', age: 40, tags: ['x'] },
      { id: 3, name: 'Cy' },
      { name: 'no id' },
    ];
    const b = [
      { id: 2, name: 'Bob', age: 41, tags: ['x'], extra: true },
      { id: 1, name: 'Ada', age: 36 },
      { id: 4, name: 'Dee' },
    ];
    const { outputs } = await run(a, b, { mergeByFields: [{ field1: 'id', field2: 'id' }] });
    expect(outputs).toEqual([
      [
        { json: a[2], pairedItem: { item: 2 } },
        { json: a[3], pairedItem: { item: 3 } },
      ],
      [{ json: a[0], pairedItem: [{ item: 0 }, { item: 1, input: 1 }] }],
      [
        {
          json: {
            keys: { id: 2 },
            same: { id: 2, name: 'Bob', tags: ['x'] },
            different: { age: { inputA: 40, inputB: 41 }, extra: { inputA: null, inputB: true } },
          },
          pairedItem: [{ item: 1 }, { item: 0, input: 1 }],
        },
      ],
      [{ json: b[2], pairedItem: { item: 2, input: 1 } }],
    ]);
  });

  it('matches on several fields with different names, pairing duplicates in order', async () => {
    const a = [
      { x: 1, y: 'a', v: 1 },
      { x: 1, y: 'a', v: 2 },
      { x: 1, y: 'a', v: 3 },
    ];
    const b = [
      { p: { x: 1 }, q: 'a', v: 2 },
      { p: { x: 1 }, q: 'a', v: 2 },
    ];
    const { outputs } = await run(a, b, {
      mergeByFields: [
        { field1: 'x', field2: 'p.x' },
        { field1: 'y', field2: 'q' },
      ],
      options: { skipFields: 'x,y,p,q' },
    });
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
    expect(outputs[1]?.map((item) => item.pairedItem)).toEqual([[{ item: 1 }, { item: 1, input: 1 }]]);
    expect(outputs[2]?.map((item) => item.json)).toEqual([
      { keys: { x: 1, y: 'a' }, same: {}, different: { v: { inputA: 1, inputB: 2 } } },
    ]);
    expect(outputs[3]).toEqual([]);
  });

  it('skips listed fields (nested too) when comparing', async () => {
    const a = [{ id: 1, at: 'mon', meta: { etag: 'a', n: 1 } }];
    const b = [{ key: 1, id: 1, at: 'tue', meta: { etag: 'b', n: 1 } }];
    const { outputs } = await run(a, b, { ...byId, options: { skipFields: 'at, meta.etag, key' } });
    expect(outputs[1]).toEqual([{ json: a[0], pairedItem: [{ item: 0 }, { item: 0, input: 1 }] }]);
  });

  it('compares strictly by default, loosely with fuzzyCompare (keys and values)', async () => {
    const a = [{ id: '1', n: 5, ok: 'true' }];
    const b = [{ key: 1, id: '1', n: '5', ok: true }];
    const strict = await run(a, b);
    expect(strict.outputs.map((output) => output.length)).toEqual([1, 0, 0, 1]);
    const fuzzy = await run(a, b, { ...byId, options: { fuzzyCompare: true, skipFields: 'key' } });
    expect(fuzzy.outputs.map((output) => output.length)).toEqual([0, 1, 0, 0]);
    const deep = await run([{ id: 1, o: { a: 1, b: [1] } }], [{ key: 1, id: 1, o: { b: [1], a: 1 } }], {
      ...byId,
      options: { skipFields: 'key' },
    });
    expect(deep.outputs.map((output) => output.length)).toEqual([0, 1, 0, 0]);
  });

  it('treats a missing input as empty', async () => {
    const { outputs } = await runNode(compareDatasetsNode, {
      inputs: [toItems([{ id: 1 }])],
      parameters: byId,
    });
    expect(outputs).toEqual([[{ json: { id: 1 }, pairedItem: { item: 0 } }], [], [], []]);
  });

  it('rejects missing or incomplete field pairs', async () => {
    const none = await runNodeExpectingError(compareDatasetsNode, { parameters: {} });
    expect(none.code).toBe('NODE_PARAMETER_INVALID');
    expect(none.message).toBe('"Fields to Match" needs at least one pair of fields');
    const half = await runNodeExpectingError(compareDatasetsNode, {
      parameters: { mergeByFields: { values: [{ field1: 'id', field2: 'id' }, { field1: 'a' }] } },
    });
    expect(half.message).toBe('fields to match, pair 1: both field names are required');
  });
});
