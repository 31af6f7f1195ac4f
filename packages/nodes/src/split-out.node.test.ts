import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { splitOutNode } from './split-out.node.js';

const order = {
  id: 7,
  customer: 'ann',
  lines: [
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 2 },
  ],
  tags: ['x', 'y'],
};

describe('core.splitOut', () => {
  it('spreads object elements into the item with noOtherFields, paired to the source item', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [order],
      parameters: { fieldToSplitOut: 'lines' },
    });
    expect(outputs[0]).toEqual([
      { json: { sku: 'a', qty: 1 }, pairedItem: { item: 0 } },
      { json: { sku: 'b', qty: 2 }, pairedItem: { item: 0 } },
    ]);
  });

  it('puts primitive elements under the field name', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [order, { tags: ['z'] }],
      parameters: { fieldToSplitOut: 'tags' },
    });
    expect(jsonOf(outputs[0])).toEqual([{ tags: 'x' }, { tags: 'y' }, { tags: 'z' }]);
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
  });

  it('nests each element under the field name with allOtherFields', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [order],
      parameters: { fieldToSplitOut: 'lines', include: 'allOtherFields' },
    });
    expect(jsonOf(outputs[0])).toEqual([
      { id: 7, customer: 'ann', tags: ['x', 'y'], lines: { sku: 'a', qty: 1 } },
      { id: 7, customer: 'ann', tags: ['x', 'y'], lines: { sku: 'b', qty: 2 } },
    ]);
  });

  it('copies only the selected fields with selectedOtherFields', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [order],
      parameters: { fieldToSplitOut: 'lines', include: 'selectedOtherFields', fieldsToInclude: 'id' },
    });
    expect(jsonOf(outputs[0])).toEqual([
      { id: 7, lines: { sku: 'a', qty: 1 } },
      { id: 7, lines: { sku: 'b', qty: 2 } },
    ]);
  });

  it('writes to destinationFieldName, even object elements', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [order],
      parameters: { fieldToSplitOut: 'lines', options: { destinationFieldName: 'line' } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ line: { sku: 'a', qty: 1 } }, { line: { sku: 'b', qty: 2 } }]);
  });

  it('splits several fields together, element by element', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [{ a: [1, 2, 3], b: ['x', 'y'] }],
      parameters: { fieldToSplitOut: 'a, b', options: { destinationFieldName: 'n, s' } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ n: 1, s: 'x' }, { n: 2, s: 'y' }, { n: 3 }]);
  });

  it('reads nested fields with dot notation, or literal keys when disabled', async () => {
    const nested = await runNode(splitOutNode, {
      items: [{ data: { list: [1, 2] } }],
      parameters: { fieldToSplitOut: 'data.list' },
    });
    expect(jsonOf(nested.outputs[0])).toEqual([{ 'data.list': 1 }, { 'data.list': 2 }]);
    const literal = await runNode(splitOutNode, {
      items: [{ 'data.list': [3] }],
      parameters: { fieldToSplitOut: 'data.list', options: { disableDotNotation: true } },
    });
    expect(jsonOf(literal.outputs[0])).toEqual([{ 'data.list': 3 }]);
  });

  it('treats a non-list value as a single element and skips items without the field', async () => {
    const { outputs } = await runNode(splitOutNode, {
      items: [{ one: { k: 1 } }, { other: 1 }],
      parameters: { fieldToSplitOut: 'one' },
    });
    expect(outputs[0]).toEqual([{ json: { k: 1 }, pairedItem: { item: 0 } }]);
  });

  it('copies binary data only with includeBinary', async () => {
    const binary = { f: { id: 'b1', mimeType: 'image/png' } };
    const inputs = [[{ json: { l: [1] }, binary }]];
    expect(
      (await runNode(splitOutNode, { inputs, parameters: { fieldToSplitOut: 'l' } })).outputs[0]?.[0]?.binary,
    ).toBeUndefined();
    const withBinary = await runNode(splitOutNode, {
      inputs,
      parameters: { fieldToSplitOut: 'l', options: { includeBinary: true } },
    });
    expect(withBinary.outputs[0]?.[0]?.binary).toEqual(binary);
  });

  it('fails when no item has the field, or the field name is empty', async () => {
    const missing = await runNodeExpectingError(splitOutNode, {
      items: [{ a: 1 }],
      parameters: { fieldToSplitOut: 'list' },
    });
    expect(missing).toMatchObject({
      code: 'NODE_FIELD_MISSING',
      message: 'the field "list" is in none of the input items',
    });
    const empty = await runNodeExpectingError(splitOutNode, { items: [{ a: 1 }] });
    expect(empty.code).toBe('NODE_PARAMETER_INVALID');
    const include = await runNodeExpectingError(splitOutNode, {
      items: [{ a: [1] }],
      parameters: { fieldToSplitOut: 'a', include: 'x' },
    });
    expect(include.code).toBe('NODE_PARAMETER_INVALID');
  });
});
