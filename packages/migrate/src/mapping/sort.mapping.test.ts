import { sortNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { sortExport, sortMappings } from './sort.mapping.js';

const type = 'n8n-nodes-base.sort';
const importSort = (parameters: Record<string, unknown>) => mapN8nNode(sortMappings, type, 1, parameters);

// From the "Auto-generate documentation for n8n workflows" template.
const byUpdatedAt = {
  options: {},
  sortFieldsUi: { sortField: [{ order: 'descending', fieldName: 'updatedAt' }] },
};
const workflows = [
  { name: 'b', updatedAt: '2024-03-01T10:00:00.000Z' },
  { name: 'a', updatedAt: '2024-05-01T10:00:00.000Z' },
  { name: 'c', updatedAt: '2023-12-24T10:00:00.000Z' },
];

describe('Sort v1 → core.sort', () => {
  it('sorts by the field, newest first', async () => {
    const { parameters } = importSort(byUpdatedAt);
    const { outputs } = await runNative(sortNode, parameters, { items: workflows });
    expect(jsonOf(outputs[0]).map((workflow) => workflow.name)).toEqual(['a', 'b', 'c']);
  });

  it('ascending is the default order; random keeps every item', async () => {
    const { parameters } = importSort({ sortFieldsUi: { sortField: [{ fieldName: 'name' }] } });
    const sorted = await runNative(sortNode, parameters, { items: workflows });
    expect(jsonOf(sorted.outputs[0]).map((workflow) => workflow.name)).toEqual(['a', 'b', 'c']);
    const random = await runNative(sortNode, importSort({ type: 'random' }).parameters, { items: workflows });
    expect(jsonOf(random.outputs[0])).toHaveLength(3);
  });

  it('rejects sorting by code', () => {
    expect(() => importSort({ type: 'code', code: 'return 0;' })).toThrow(UnsupportedVariantError);
  });

  it('exports as Sort v1 with equivalent parameters', () => {
    const { parameters } = importSort(byUpdatedAt);
    const exported = sortExport.toN8n?.(parameters) ?? {};
    expect(exported).toEqual({ type: 'simple', ...byUpdatedAt });
    expect(importSort(exported).parameters).toEqual(parameters);
  });
});
