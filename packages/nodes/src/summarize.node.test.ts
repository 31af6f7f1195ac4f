import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { summarizeNode } from './summarize.node.js';

const orders = [
  { country: 'NO', city: 'Oslo', total: 10, sku: { id: 'a' }, note: 'x' },
  { country: 'SE', city: 'Lund', total: '5', sku: { id: 'b' }, note: '' },
  { country: 'NO', city: 'Oslo', total: 20, sku: { id: 'a' } },
  { country: 'NO', city: 'Bergen', total: null, sku: { id: 'c' }, note: 'y' },
];
const sum = (aggregation: string, field: string, extra: Record<string, unknown> = {}) => ({
  aggregation,
  field,
  ...extra,
});
const run = async (parameters: Record<string, unknown>, items: unknown[] = orders) =>
  (await runNode(summarizeNode, { items, parameters })).outputs[0] ?? [];

describe('core.summarize', () => {
  it('counts non-empty values of the default count aggregation into one item paired to all', async () => {
    expect(await run({ fieldsToSummarize: [{ field: 'note' }] })).toEqual([
      { json: { count_note: 2 }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }] },
    ]);
  });

  it('computes every aggregation with n8n output names (dots become underscores)', async () => {
    const out = await run({
      fieldsToSummarize: {
        values: [
          sum('count', 'sku.id'),
          sum('count', 'note', { includeEmpty: true }),
          sum('countUnique', 'sku.id'),
          sum('countUnique', 'note', { includeEmpty: true }),
          sum('sum', 'total'),
          sum('average', 'total'),
          sum('min', 'total'),
          sum('max', 'total'),
          sum('append', 'note'),
          sum('append', 'sku', { includeEmpty: true }),
          sum('concatenate', 'city'),
          sum('concatenate', 'note', { includeEmpty: true, separateBy: ', ' }),
        ],
      },
    });
    expect(jsonOf(out)).toEqual([
      {
        count_sku_id: 4,
        count_note: 4,
        unique_count_sku_id: 3,
        unique_count_note: 4,
        sum_total: 35,
        average_total: 35 / 3,
        min_total: 5,
        max_total: 20,
        appended_note: ['x', 'y'],
        appended_sku: orders.map((order) => order.sku),
        concatenated_city: 'Oslo,Lund,Oslo,Bergen',
        concatenated_note: 'x, , , y',
      },
    ]);
  });

  it('offers every separator, including a custom one', async () => {
    const joined = async (separateBy: string, customSeparator?: string) =>
      jsonOf(
        await run({ fieldsToSummarize: [sum('concatenate', 'country', { separateBy, customSeparator })] }),
      )[0]?.concatenated_country;
    expect(await joined('\n')).toBe('NO\nSE\nNO\nNO');
    expect(await joined('')).toBe('NOSENONO');
    expect(await joined(' ')).toBe('NO SE NO NO');
    expect(await joined('other', ' | ')).toBe('NO | SE | NO | NO');
  });

  it('splits by fields into one item per group, in order of first appearance, paired to the group', async () => {
    const out = await run({
      fieldsToSplitBy: 'country, city',
      fieldsToSummarize: [sum('sum', 'total'), sum('count', 'sku.id')],
    });
    expect(out).toEqual([
      {
        json: { country: 'NO', city: 'Oslo', sum_total: 30, count_sku_id: 2 },
        pairedItem: [{ item: 0 }, { item: 2 }],
      },
      { json: { country: 'SE', city: 'Lund', sum_total: 5, count_sku_id: 1 }, pairedItem: [{ item: 1 }] },
      { json: { country: 'NO', city: 'Bergen', sum_total: 0, count_sku_id: 1 }, pairedItem: [{ item: 3 }] },
    ]);
  });

  it('nests every group in a single item with outputFormat singleItem', async () => {
    const out = await run({
      fieldsToSplitBy: 'country,city',
      fieldsToSummarize: [sum('average', 'total')],
      options: { outputFormat: 'singleItem' },
    });
    expect(out).toEqual([
      {
        json: {
          NO: { Oslo: { average_total: 15 }, Bergen: { average_total: null } },
          SE: { Lund: { average_total: 5 } },
        },
        pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }],
      },
    ]);
    const ungrouped = await run({
      fieldsToSummarize: [sum('max', 'total')],
      options: { outputFormat: 'singleItem' },
    });
    expect(jsonOf(ungrouped)).toEqual([{ max_total: 20 }]);
  });

  it('groups by nested fields, missing ones as null; literal dotted keys with disableDotNotation', async () => {
    const items = [{ a: { b: 1 }, 'a.b': 'x', v: 1 }, { a: { b: 1 }, 'a.b': 'y', v: 2 }, { v: 3 }];
    expect(
      jsonOf(await run({ fieldsToSplitBy: 'a.b', fieldsToSummarize: [sum('sum', 'v')] }, items)),
    ).toEqual([
      { a: { b: 1 }, sum_v: 3 },
      { a: { b: null }, sum_v: 3 },
    ]);
    const literal = await run(
      { fieldsToSplitBy: 'a.b', fieldsToSummarize: [sum('sum', 'v')], options: { disableDotNotation: true } },
      items,
    );
    expect(jsonOf(literal)).toEqual([
      { 'a.b': 'x', sum_v: 1 },
      { 'a.b': 'y', sum_v: 2 },
      { 'a.b': null, sum_v: 3 },
    ]);
  });

  it('outputs nothing for no items', async () => {
    expect(await run({ fieldsToSummarize: [sum('count', 'a')] }, [])).toEqual([]);
  });

  it('rejects non-numbers for numeric aggregations, naming field and item', async () => {
    const error = await runNodeExpectingError(summarizeNode, {
      items: [{ v: 1 }, { v: 'abc' }],
      parameters: { fieldsToSummarize: [sum('sum', 'v')] },
    });
    expect(error.code).toBe('NODE_PARAMETER_INVALID');
    expect(error.message).toBe('field "v" (item 1): sum needs numbers, got "abc"');
  });

  it('rejects empty lists, unknown aggregations, missing fields and unknown output formats', async () => {
    const fail = async (parameters: Record<string, unknown>) =>
      (await runNodeExpectingError(summarizeNode, { parameters })).message;
    expect(await fail({ fieldsToSummarize: [] })).toBe('"Fields to Summarize" needs at least one field');
    expect(await fail({ fieldsToSummarize: [sum('median', 'a')] })).toBe(
      '"fieldsToSummarize[0].aggregation" must be one of append, average, concatenate, count, countUnique, max, min, sum, not "median"',
    );
    expect(await fail({ fieldsToSummarize: [sum('count', '')] })).toBe(
      'field to summarize 0 has no field name',
    );
    expect(await fail({ fieldsToSummarize: [sum('count', 'a')], options: { outputFormat: 'table' } })).toBe(
      '"options.outputFormat" must be one of separateItems, singleItem, not "table"',
    );
  });
});
