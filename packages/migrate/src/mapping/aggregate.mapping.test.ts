import { aggregateNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { aggregateExport, aggregateMappings } from './aggregate.mapping.js';

const type = 'n8n-nodes-base.aggregate';
const importAggregate = (parameters: Record<string, unknown>) =>
  mapN8nNode(aggregateMappings, type, 1, parameters);

async function aggregated(parameters: Record<string, unknown>, items: unknown[]) {
  return jsonOf((await runNative(aggregateNode, parameters, { items })).outputs[0]);
}

const links = [
  { title: 'a', href: 'https://a', rank: 1 },
  { title: 'b', href: 'https://b', rank: 2 },
];

describe('Aggregate v1 → core.aggregate', () => {
  it('collects whole items into "data" by default', async () => {
    const { parameters } = importAggregate({ options: {}, aggregate: 'aggregateAllItemData' });
    expect(await aggregated(parameters, links)).toEqual([{ data: links }]);
  });

  it('collects only the specified fields of each item', async () => {
    // From the "Autonomous AI crawler" template.
    const { parameters } = importAggregate({
      include: 'specifiedFields',
      options: {},
      aggregate: 'aggregateAllItemData',
      fieldsToInclude: 'title,href',
    });
    expect(await aggregated(parameters, links)).toEqual([
      {
        data: [
          { title: 'a', href: 'https://a' },
          { title: 'b', href: 'https://b' },
        ],
      },
    ]);
  });

  it("aggregates individual fields under n8n's output names (the last part of a dotted name)", async () => {
    const { parameters } = importAggregate({
      fieldsToAggregate: {
        fieldToAggregate: [
          { fieldToAggregate: 'user.email' },
          { fieldToAggregate: 'id', renameField: true, outputFieldName: 'ids' },
          { fieldToAggregate: 'tags' },
        ],
      },
      options: { mergeLists: true },
    });
    const items = [
      { id: 1, user: { email: 'ann@example.com' }, tags: ['x'] },
      { id: 2, user: {}, tags: ['y', 'z'] },
    ];
    expect(await aggregated(parameters, items)).toEqual([
      { email: ['ann@example.com'], ids: [1, 2], tags: ['x', 'y', 'z'] },
    ]);
  });

  it('warns that binaries are not aggregated', () => {
    expect(
      importAggregate({ aggregate: 'aggregateAllItemData', options: { includeBinaries: true } }).warnings,
    ).toHaveLength(1);
  });

  it('exports as Aggregate v1 with equivalent parameters', () => {
    const original = {
      fieldsToAggregate: {
        fieldToAggregate: [{ fieldToAggregate: 'id', renameField: true, outputFieldName: 'ids' }],
      },
      options: {},
    };
    const { parameters } = importAggregate(original);
    const exported = aggregateExport.toN8n?.(parameters) ?? {};
    expect(exported).toEqual({ ...original, aggregate: 'aggregateIndividualFields' });
    expect(importAggregate(exported).parameters).toEqual(parameters);
  });
});
