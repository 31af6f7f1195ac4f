import { splitInBatchesNode } from '@klikkflow/nodes';
import { jsonOf, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { splitInBatchesExport, splitInBatchesMappings } from './split-in-batches.mapping.js';

const type = 'n8n-nodes-base.splitInBatches';
const importLoop = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(splitInBatchesMappings, type, typeVersion, parameters);

describe('Loop Over Items v3 → core.splitInBatches', () => {
  it('sends batches to "loop" (output 1) and everything that came back to "done" (output 0)', async () => {
    // From the "Build a Tax Code Assistant" template: {"options": {}, "batchSize": 5}, here with 2.
    const { parameters, nativeType } = importLoop(3, { options: {}, batchSize: 2 });
    expect(nativeType).toBe('core.splitInBatches');
    const first = await runNative(splitInBatchesNode, parameters, { items: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    expect(first.outputs.map((output) => jsonOf(output))).toEqual([[], [{ n: 1 }, { n: 2 }]]);
    const second = await runNative(splitInBatchesNode, parameters, {
      inputs: [toItems([{ n: 10 }, { n: 20 }])],
      state: first.state,
      runIndex: 1,
    });
    expect(second.outputs.map((output) => jsonOf(output))).toEqual([[], [{ n: 3 }]]);
    const last = await runNative(splitInBatchesNode, parameters, {
      inputs: [toItems([{ n: 30 }])],
      state: second.state,
      runIndex: 2,
    });
    expect(last.outputs.map((output) => jsonOf(output))).toEqual([[{ n: 10 }, { n: 20 }, { n: 30 }], []]);
  });

  it('uses batches of one by default and exports unchanged', async () => {
    const { parameters } = importLoop(3, { options: {} });
    const { outputs } = await runNative(splitInBatchesNode, parameters, { items: [{ n: 1 }, { n: 2 }] });
    expect(jsonOf(outputs[1])).toEqual([{ n: 1 }]);
    expect(splitInBatchesExport).toMatchObject({ typeVersion: 3 });
    expect(splitInBatchesExport.toN8n).toBeUndefined();
  });

  it('rejects v1 (one output, end signalled in the node context) and v2 (loop and done swapped)', () => {
    expect(() => importLoop(1, { batchSize: 10 })).toThrow(UnsupportedVariantError);
    expect(() => importLoop(2, { options: {}, batchSize: 1 })).toThrow(/"loop" first/);
  });
});
