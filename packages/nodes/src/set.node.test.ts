import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { setNode } from './set.node.js';

const field = (name: string, type: string, value: unknown) => ({ name, type, value });

describe('core.set', () => {
  it('outputs only the assigned fields by default, converted to their types and paired', async () => {
    const { outputs } = await runNode(setNode, {
      items: [{ keep: 1 }, { keep: 2 }],
      parameters: {
        assignments: [
          field('s', 'string', 42),
          field('n', 'number', '3.5'),
          field('b', 'boolean', 'false'),
          field('a', 'array', '[1,2]'),
          field('o', 'object', '{"x":1}'),
          field('obj', 'string', { y: 2 }),
        ],
      },
    });
    expect(jsonOf(outputs[0])).toEqual([
      { s: '42', n: 3.5, b: false, a: [1, 2], o: { x: 1 }, obj: '{"y":2}' },
      { s: '42', n: 3.5, b: false, a: [1, 2], o: { x: 1 }, obj: '{"y":2}' },
    ]);
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('treats an untyped assignment as a string and keeps null as null', async () => {
    const { outputs } = await runNode(setNode, {
      parameters: { assignments: [{ name: 'x', value: 7 }, field('n', 'number', null)] },
    });
    expect(jsonOf(outputs[0])).toEqual([{ x: '7', n: null }]);
  });

  it('accepts the n8n wrapper { assignments: [...] }', async () => {
    const { outputs } = await runNode(setNode, {
      parameters: { assignments: { assignments: [{ id: 'a1', ...field('x', 'number', 1) }] } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ x: 1 }]);
  });

  it('creates nested objects with dot notation without touching the input', async () => {
    const input = { a: { keep: true, b: { old: 1 } } };
    const { outputs } = await runNode(setNode, {
      items: [input],
      parameters: { include: 'all', assignments: [field('a.b.c', 'number', 5)] },
    });
    expect(jsonOf(outputs[0])).toEqual([{ a: { keep: true, b: { old: 1, c: 5 } } }]);
    expect(input).toEqual({ a: { keep: true, b: { old: 1 } } });
  });

  it('keeps literal dotted keys when dotNotation is off', async () => {
    const { outputs } = await runNode(setNode, {
      parameters: { assignments: [field('a.b', 'string', 'x')], options: { dotNotation: false } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ 'a.b': 'x' }]);
  });

  it('includes all, none, selected or all-except input fields', async () => {
    const items = [{ id: 1, name: 'n', secret: 's', deep: { x: 1, y: 2 } }];
    const assignments = [field('added', 'boolean', true)];
    const run = async (parameters: Record<string, unknown>) =>
      jsonOf((await runNode(setNode, { items, parameters: { assignments, ...parameters } })).outputs[0]);
    expect(await run({ include: 'all' })).toEqual([
      { id: 1, name: 'n', secret: 's', deep: { x: 1, y: 2 }, added: true },
    ]);
    expect(await run({ include: 'none' })).toEqual([{ added: true }]);
    expect(await run({ include: 'selected', includeFields: 'id, deep.x' })).toEqual([
      { id: 1, deep: { x: 1 }, added: true },
    ]);
    expect(await run({ include: 'except', excludeFields: 'secret,deep.y' })).toEqual([
      { id: 1, name: 'n', deep: { x: 1 }, added: true },
    ]);
  });

  it('overwrites an included field', async () => {
    const { outputs } = await runNode(setNode, {
      items: [{ a: 1, b: 2 }],
      parameters: { include: 'all', assignments: [field('a', 'number', '9')] },
    });
    expect(jsonOf(outputs[0])).toEqual([{ a: 9, b: 2 }]);
  });

  it('fails with NODE_PARAMETER_INVALID naming field and item on a bad conversion', async () => {
    const error = await runNodeExpectingError(setNode, {
      items: [{}, {}],
      parameters: (itemIndex) => ({ assignments: [field('price', 'number', itemIndex === 1 ? 'abc' : '1')] }),
    });
    expect(error.code).toBe('NODE_PARAMETER_INVALID');
    expect(error.message).toBe('field "price" (item 1): cannot convert string "abc" to number');
    expect(error.details).toMatchObject({ field: 'price', itemIndex: 1, type: 'number' });
  });

  it.each([
    ['boolean', 'maybe'],
    ['array', '{"a":1}'],
    ['object', '[1]'],
    ['number', ''],
  ])('rejects %s from %j', async (type, value) => {
    const error = await runNodeExpectingError(setNode, {
      parameters: { assignments: [field('f', type, value)] },
    });
    expect(error.code).toBe('NODE_PARAMETER_INVALID');
    expect(error.message).toContain(`to ${type}`);
  });

  it('keeps unconvertible values as they are with ignoreConversionErrors', async () => {
    const { outputs } = await runNode(setNode, {
      parameters: {
        assignments: [field('n', 'number', 'abc'), field('m', 'number', '2')],
        options: { ignoreConversionErrors: true },
      },
    });
    expect(jsonOf(outputs[0])).toEqual([{ n: 'abc', m: 2 }]);
  });

  it('rejects an assignment without a name', async () => {
    const error = await runNodeExpectingError(setNode, {
      parameters: { assignments: [field(' ', 'string', 'x')] },
    });
    expect(error).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: 'a field to set (item 0) has no name',
    });
  });

  it('sets the fields of a raw JSON object given as text or as an object', async () => {
    const text = await runNode(setNode, {
      items: [{ keep: 1 }],
      parameters: { mode: 'raw', include: 'all', jsonOutput: '{"a": 1, "b.c": "x"}' },
    });
    expect(jsonOf(text.outputs[0])).toEqual([{ keep: 1, a: 1, b: { c: 'x' } }]);
    const object = await runNode(setNode, { parameters: { mode: 'raw', jsonOutput: { z: [1] } } });
    expect(jsonOf(object.outputs[0])).toEqual([{ z: [1] }]);
  });

  it('rejects raw JSON that is invalid or not an object', async () => {
    const bad = await runNodeExpectingError(setNode, { parameters: { mode: 'raw', jsonOutput: '{oops' } });
    expect(bad.code).toBe('NODE_PARAMETER_INVALID');
    expect(bad.message).toMatch(/^JSON \(item 0\) is not valid JSON/);
    const array = await runNodeExpectingError(setNode, { parameters: { mode: 'raw', jsonOutput: '[1]' } });
    expect(array.message).toBe('JSON (item 0) must be an object');
  });

  it('rejects an unknown mode or include value', async () => {
    expect((await runNodeExpectingError(setNode, { parameters: { mode: 'x' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
    expect((await runNodeExpectingError(setNode, { parameters: { include: 'x' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });

  it('keeps the input binary unless includeBinary is off', async () => {
    const binary = { file: { id: 'blob-1', mimeType: 'text/plain' } };
    const kept = await runNode(setNode, { inputs: [[{ json: {}, binary }]] });
    expect(kept.outputs[0]?.[0]).toEqual({ json: {}, binary, pairedItem: { item: 0 } });
    const dropped = await runNode(setNode, {
      inputs: [[{ json: {}, binary }]],
      parameters: { options: { includeBinary: false } },
    });
    expect(dropped.outputs[0]?.[0]).toEqual({ json: {}, pairedItem: { item: 0 } });
  });
});
