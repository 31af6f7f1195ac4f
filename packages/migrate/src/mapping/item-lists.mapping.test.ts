import { aggregateNode, removeDuplicatesNode, splitOutNode, summarizeNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { itemListsMappings } from './item-lists.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const type = 'n8n-nodes-base.itemLists';
const importItemLists = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(itemListsMappings, type, typeVersion, parameters);

describe('Item Lists → the native node of each operation', () => {
  it('v1 splits out items by default (from the "Create dynamic Twitter profile banner" template)', async () => {
    const { parameters, nativeType } = importItemLists(1, { options: {}, fieldToSplitOut: 'data' });
    expect(nativeType).toBe('core.splitOut');
    const { outputs } = await runNative(splitOutNode, parameters, {
      items: [{ data: [{ u: 1 }, { u: 2 }] }],
    });
    expect(jsonOf(outputs[0])).toEqual([{ u: 1 }, { u: 2 }]);
  });

  it('v3 splits out into a destination field (from the "Scrape and summarize posts" template)', async () => {
    const { parameters } = importItemLists(3, {
      options: { destinationFieldName: 'Link' },
      fieldToSplitOut: 'data',
    });
    const { outputs } = await runNative(splitOutNode, parameters, {
      items: [{ data: ['https://a', 'https://b'] }],
    });
    expect(jsonOf(outputs[0])).toEqual([{ Link: 'https://a' }, { Link: 'https://b' }]);
  });

  it('v2 "Concatenate Items" with its listed fields to include becomes Aggregate', async () => {
    const { parameters, nativeType } = importItemLists(2, {
      operation: 'aggregateItems',
      aggregate: 'aggregateAllItemData',
      include: 'specifiedFields',
      fieldsToInclude: { fields: [{ fieldName: 'title' }, { fieldName: 'href' }] },
    });
    expect(nativeType).toBe('core.aggregate');
    const items = [{ title: 'a', href: 'h', x: 1 }];
    const { outputs } = await runNative(aggregateNode, parameters, { items });
    expect(jsonOf(outputs[0])).toEqual([{ data: [{ title: 'a', href: 'h' }] }]);
  });

  it('v3 "Concatenate Items" of individual fields becomes Aggregate', async () => {
    const { parameters } = importItemLists(3.1, {
      operation: 'concatenateItems',
      fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'id' }] },
    });
    const { outputs } = await runNative(aggregateNode, parameters, { items: [{ id: 1 }, { id: 2 }] });
    expect(jsonOf(outputs[0])).toEqual([{ id: [1, 2] }]);
  });

  it('v2.2 "Remove Duplicates" with listed fields to compare', async () => {
    const { parameters, nativeType } = importItemLists(2.2, {
      operation: 'removeDuplicates',
      compare: 'selectedFields',
      fieldsToCompare: { fields: [{ fieldName: 'email' }] },
    });
    expect(nativeType).toBe('core.removeDuplicates');
    const items = [
      { email: 'a', n: 1 },
      { email: 'a', n: 2 },
      { email: 'b', n: 3 },
    ];
    const { outputs } = await runNative(removeDuplicatesNode, parameters, { items });
    expect(jsonOf(outputs[0])).toEqual([items[0], items[2]]);
  });

  it('v3 "Summarize", "Sort" and "Limit" pick their native nodes', async () => {
    const summarize = importItemLists(3, {
      operation: 'summarize',
      fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'n' }] },
    });
    expect(summarize.nativeType).toBe('core.summarize');
    const { outputs } = await runNative(summarizeNode, summarize.parameters, { items: [{ n: 1 }, { n: 2 }] });
    expect(jsonOf(outputs[0])).toEqual([{ sum_n: 3 }]);
    expect(
      importItemLists(3, { operation: 'sort', sortFieldsUi: { sortField: [{ fieldName: 'n' }] } }),
    ).toMatchObject({
      nativeType: 'core.sort',
      parameters: { type: 'simple', sortFieldsUi: [{ fieldName: 'n', order: 'ascending' }] },
    });
    expect(importItemLists(3, { operation: 'limit', maxItems: 3 })).toMatchObject({
      nativeType: 'core.limit',
      parameters: { maxItems: 3, keep: 'firstItems' },
    });
  });

  it('rejects operations it does not know', () => {
    expect(() => importItemLists(3, { operation: 'shuffle' })).toThrow(UnsupportedVariantError);
  });
});
