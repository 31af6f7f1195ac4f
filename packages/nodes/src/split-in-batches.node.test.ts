import { jsonOf, runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { splitInBatchesNode } from './split-in-batches.node.js';

const items = toItems([{ n: 1 }, { n: 2 }, { n: 3 }]);

/** Runs the node again with the items the loop body returned, carrying its state like the engine. */
const again = (
  state: unknown,
  returned: Item[],
  runIndex: number,
  parameters: Record<string, unknown> = {},
) => runNode(splitInBatchesNode, { inputs: [returned], state, parameters, runIndex });

describe('core.splitInBatches', () => {
  it('loops one item at a time by default, then outputs every returned item on done', async () => {
    const first = await runNode(splitInBatchesNode, { inputs: [items] });
    expect(first.outputs).toEqual([[], [{ json: { n: 1 }, pairedItem: { item: 0 } }]]);

    // Items sent in later runs pair to the run whose input held them, so lineage survives the loop.
    const second = await again(first.state, toItems([{ n: 10 }]), 1);
    expect(second.outputs).toEqual([[], [{ json: { n: 2 }, pairedItem: { item: 1, run: 0 } }]]);
    const third = await again(second.state, toItems([{ n: 20 }]), 2);
    expect(third.outputs).toEqual([[], [{ json: { n: 3 }, pairedItem: { item: 2, run: 0 } }]]);
    expect(third.state).toMatchObject({ batches: 3, remaining: [] });

    const done = await again(third.state, toItems([{ n: 30 }]), 3);
    expect(done.outputs).toEqual([
      [
        { json: { n: 10 }, pairedItem: { item: 0, run: 1 } },
        { json: { n: 20 }, pairedItem: { item: 0, run: 2 } },
        { json: { n: 30 }, pairedItem: { item: 0 } },
      ],
      [],
    ]);
    expect(done.state).toBeUndefined();
  });

  it('sends batches of batchSize, the last one shorter', async () => {
    const first = await runNode(splitInBatchesNode, { inputs: [items], parameters: { batchSize: 2 } });
    expect(first.outputs[1]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    const second = await again(first.state, first.outputs[1] ?? [], 1, { batchSize: 2 });
    expect(jsonOf(second.outputs[1])).toEqual([{ n: 3 }]);
    const done = await again(second.state, toItems([{ n: 3 }]), 2, { batchSize: 2 });
    expect(jsonOf(done.outputs[0])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(done.outputs[1]).toEqual([]);
  });

  it('starts over with the incoming items when reset is on', async () => {
    const first = await runNode(splitInBatchesNode, { inputs: [items] });
    const reset = await again(first.state, toItems([{ fresh: 1 }, { fresh: 2 }]), 1, {
      options: { reset: true },
    });
    expect(reset.outputs).toEqual([[], [{ json: { fresh: 1 }, pairedItem: { item: 0 } }]]);
    expect(reset.state).toMatchObject({
      processed: [],
      batches: 1,
      remaining: [{ item: { json: { fresh: 2 } }, origin: { item: 1, run: 1 } }],
    });
  });

  it('outputs empty done and loop for no items', async () => {
    const { outputs, state } = await runNode(splitInBatchesNode, { inputs: [[]] });
    expect(outputs).toEqual([[], []]);
    expect(state).toBeUndefined();
  });

  it('rejects a batch size below 1 or fractional', async () => {
    const error = await runNodeExpectingError(splitInBatchesNode, {
      inputs: [items],
      parameters: { batchSize: 0 },
    });
    expect(error).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"Batch Size" must be a whole number of at least 1, not 0',
    });
    expect(
      (await runNodeExpectingError(splitInBatchesNode, { inputs: [items], parameters: { batchSize: 1.5 } }))
        .code,
    ).toBe('NODE_PARAMETER_INVALID');
  });
});
