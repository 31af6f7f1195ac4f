import { splitOutNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { splitOutExport, splitOutMappings } from './split-out.mapping.js';

const type = 'n8n-nodes-base.splitOut';
const importSplitOut = (parameters: Record<string, unknown>) =>
  mapN8nNode(splitOutMappings, type, 1, parameters);

async function split(parameters: Record<string, unknown>, items: unknown[]) {
  return jsonOf((await runNative(splitOutNode, parameters, { items })).outputs[0]);
}

describe('Split Out v1 → core.splitOut', () => {
  it("turns each object of the list into an item (the corpus's most common shape)", async () => {
    const { parameters } = importSplitOut({ fieldToSplitOut: 'output', options: {} });
    expect(await split(parameters, [{ output: [{ q: 'a' }, { q: 'b' }], other: 1 }])).toEqual([
      { q: 'a' },
      { q: 'b' },
    ]);
  });

  it('drops a "$json." prefix and keeps the other fields when asked', async () => {
    const { parameters } = importSplitOut({ fieldToSplitOut: '$json.tags', include: 'allOtherFields' });
    expect(parameters.fieldToSplitOut).toBe('tags');
    expect(await split(parameters, [{ id: 1, tags: ['x', 'y'] }])).toEqual([
      { id: 1, tags: 'x' },
      { id: 1, tags: 'y' },
    ]);
  });

  it('rejects splitting binary data', () => {
    expect(() => importSplitOut({ fieldToSplitOut: '$binary' })).toThrow(UnsupportedVariantError);
  });

  it('exports unchanged as Split Out v1', () => {
    expect(splitOutExport).toEqual({ nativeType: 'core.splitOut', n8nType: type, typeVersion: 1 });
  });
});
