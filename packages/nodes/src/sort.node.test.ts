import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { sortNode } from './sort.node.js';

const sortBy = (...keys: [string, ('ascending' | 'descending')?][]) => ({
  sortFieldsUi: keys.map(([fieldName, order]) => (order ? { fieldName, order } : { fieldName })),
});

describe('core.sort', () => {
  it('sorts ascending by default, paired to the input items', async () => {
    const { outputs } = await runNode(sortNode, {
      items: [{ n: 3 }, { n: 1 }, { n: 2 }],
      parameters: sortBy(['n']),
    });
    expect(outputs[0]).toEqual([
      { json: { n: 1 }, pairedItem: { item: 1 } },
      { json: { n: 2 }, pairedItem: { item: 2 } },
      { json: { n: 3 }, pairedItem: { item: 0 } },
    ]);
  });

  it('sorts by several keys, stably, with nested fields and n8n-wrapped lists', async () => {
    const items = [
      { g: 'b', p: { v: 1 }, id: 0 },
      { g: 'a', p: { v: 1 }, id: 1 },
      { g: 'b', p: { v: 2 }, id: 2 },
      { g: 'a', p: { v: 1 }, id: 3 },
    ];
    const { outputs } = await runNode(sortNode, {
      items,
      parameters: { sortFieldsUi: { sortField: sortBy(['g'], ['p.v', 'descending']).sortFieldsUi } },
    });
    expect(jsonOf(outputs[0]).map((json) => json.id)).toEqual([1, 3, 2, 0]);
  });

  it('compares numbers numerically, text naturally, kinds in a fixed order, missing last either way', async () => {
    const values = [10, 'item10', 9, null, 'item2', true, 'Apple', { x: 1 }, false, undefined, -1.5];
    const items = values.map((v) => (v === undefined ? {} : { v }));
    const order = async (direction: 'ascending' | 'descending') =>
      jsonOf((await runNode(sortNode, { items, parameters: sortBy(['v', direction]) })).outputs[0]).map(
        (json) => json.v,
      );
    expect(await order('ascending')).toEqual([
      -1.5,
      9,
      10,
      'Apple',
      'item2',
      'item10',
      false,
      true,
      { x: 1 },
      null,
      undefined,
    ]);
    expect(await order('descending')).toEqual([
      { x: 1 },
      true,
      false,
      'item10',
      'item2',
      'Apple',
      10,
      9,
      -1.5,
      null,
      undefined,
    ]);
  });

  it('reads literal dotted keys with disableDotNotation', async () => {
    const items = [
      { 'a.b': 2, a: { b: 1 } },
      { 'a.b': 1, a: { b: 2 } },
    ];
    const run = async (disableDotNotation: boolean) =>
      jsonOf(
        (
          await runNode(sortNode, {
            items,
            parameters: { ...sortBy(['a.b']), options: { disableDotNotation } },
          })
        ).outputs[0],
      ).map((json) => json['a.b']);
    expect(await run(true)).toEqual([1, 2]);
    expect(await run(false)).toEqual([2, 1]);
  });

  it('shuffles into a permutation of the input with type random, keeping pairing', async () => {
    const items = Array.from({ length: 20 }, (_, id) => ({ id }));
    const { outputs } = await runNode(sortNode, { items, parameters: { type: 'random' } });
    const out = outputs[0] ?? [];
    expect(out.map((item) => item.json.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      items.map((i) => i.id),
    );
    for (const item of out) expect(item.pairedItem).toEqual({ item: item.json.id });
  });

  it('outputs nothing for no items', async () => {
    expect((await runNode(sortNode, { inputs: [[]], parameters: sortBy(['a']) })).outputs).toEqual([[]]);
  });

  it('refuses code sorting, unknown types and orders, and missing field names', async () => {
    const fail = (parameters: Record<string, unknown>) => runNodeExpectingError(sortNode, { parameters });
    const code = await fail({ type: 'code' });
    expect(code.code).toBe('NODE_PARAMETER_INVALID');
    expect(code.message).toBe('sorting with code is not supported; sort in a Code node instead');
    expect((await fail({ type: 'weird' })).message).toBe('"type" must be one of simple, random, not "weird"');
    expect((await fail({ sortFieldsUi: [] })).message).toBe('"Fields To Sort By" needs at least one field');
    expect((await fail({ sortFieldsUi: [{ fieldName: ' ' }] })).message).toBe(
      'field to sort by 0 has no field name',
    );
    expect((await fail({ sortFieldsUi: [{ fieldName: 'a', order: 'up' }] })).message).toBe(
      '"sortFieldsUi[0].order" must be one of ascending, descending, not "up"',
    );
  });
});
