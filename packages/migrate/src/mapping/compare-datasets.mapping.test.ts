import { compareDatasetsNode } from '@klikkflow/nodes';
import { jsonOf, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { compareDatasetsExport, compareDatasetsMappings } from './compare-datasets.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const type = 'n8n-nodes-base.compareDatasets';
const importCompare = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(compareDatasetsMappings, type, typeVersion, parameters);

const byId = { mergeByFields: { values: [{ field1: 'id', field2: 'id' }] }, options: {} };
const inputA = [
  { id: 1, name: 'a' },
  { id: 2, name: 'b' },
  { id: 3, name: 'c' },
];
const inputB = [
  { id: 1, name: 'a' },
  { id: 2, name: 'B' },
  { id: 4, name: 'd' },
];

describe('Compare Datasets v2+ → core.compareDatasets', () => {
  it('v2.1+ sends items to A only, same, different (both versions) and B only', async () => {
    const { parameters } = importCompare(2.3, byId);
    const { outputs } = await runNative(compareDatasetsNode, parameters, {
      inputs: [toItems(inputA), toItems(inputB)],
    });
    expect(outputs.map((output) => jsonOf(output))).toEqual([
      [{ id: 3, name: 'c' }],
      [{ id: 1, name: 'a' }],
      [{ keys: { id: 2 }, same: { id: 2 }, different: { name: { inputA: 'b', inputB: 'B' } } }],
      [{ id: 4, name: 'd' }],
    ]);
  });

  it('v2 needs "Include Both Versions" set: its default (use input B) is not supported', () => {
    expect(() => importCompare(2, byId)).toThrow(UnsupportedVariantError);
    expect(importCompare(2, { ...byId, resolve: 'includeBoth', fuzzyCompare: true }).parameters).toEqual({
      mergeByFields: [{ field1: 'id', field2: 'id' }],
      options: { fuzzyCompare: true },
    });
  });

  it('rejects v1', () => {
    expect(() => importCompare(1, byId)).toThrow(/input1\/input2/);
  });

  it('exports as Compare Datasets v2.3 with equivalent parameters', () => {
    const { parameters } = importCompare(2.3, { ...byId, options: { skipFields: 'updatedAt' } });
    const exported = compareDatasetsExport.toN8n?.(parameters) ?? {};
    expect(exported).toEqual({ ...byId, fuzzyCompare: false, options: { skipFields: 'updatedAt' } });
    expect(importCompare(2.3, exported).parameters).toEqual(parameters);
  });
});
