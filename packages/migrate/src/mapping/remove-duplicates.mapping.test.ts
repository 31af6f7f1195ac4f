import { removeDuplicatesNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { removeDuplicatesExport, removeDuplicatesMappings } from './remove-duplicates.mapping.js';

const type = 'n8n-nodes-base.removeDuplicates';
const importDedupe = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(removeDuplicatesMappings, type, typeVersion, parameters);

const pages = [
  { href: 'https://a', id: 1 },
  { href: 'https://b', id: 2 },
  { href: 'https://a', id: 3 },
];

async function kept(parameters: Record<string, unknown>) {
  return jsonOf((await runNative(removeDuplicatesNode, parameters, { items: pages })).outputs[0]);
}

describe('Remove Duplicates → core.removeDuplicates', () => {
  it('v1 keeps the first item per selected field (from the "Autonomous AI crawler" template)', async () => {
    const { parameters } = importDedupe(1, {
      compare: 'selectedFields',
      options: {},
      fieldsToCompare: 'href',
    });
    expect(await kept(parameters)).toEqual([pages[0], pages[1]]);
  });

  it('v1.1 compares all fields by default', async () => {
    const { parameters } = importDedupe(1.1, {});
    expect(await kept(parameters)).toEqual(pages);
  });

  it('v2 removes duplicates within the input and drops the operation', async () => {
    const { parameters } = importDedupe(2, {
      compare: 'allFieldsExcept',
      fieldsToExclude: 'id',
      options: {},
    });
    expect(parameters).not.toHaveProperty('operation');
    expect(await kept(parameters)).toEqual([pages[0], pages[1]]);
  });

  it('v2 rejects deduplication across executions', () => {
    const seen = {
      options: {},
      operation: 'removeItemsSeenInPreviousExecutions',
      dedupeValue: '={{ $json.id }}',
    };
    expect(() => importDedupe(2, seen)).toThrow(UnsupportedVariantError);
  });

  it('exports as Remove Duplicates v2, whose default operation it is', () => {
    const { parameters } = importDedupe(2, { compare: 'selectedFields', options: {}, fieldsToCompare: 'id' });
    expect(removeDuplicatesExport).toMatchObject({ typeVersion: 2 });
    expect(importDedupe(2, parameters).parameters).toEqual(parameters);
  });
});
