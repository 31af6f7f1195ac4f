import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { limitNode } from './limit.node.js';

const items = [{ n: 0 }, { n: 1 }, { n: 2 }];

describe('core.limit', () => {
  it('keeps the first item by default', async () => {
    const { outputs } = await runNode(limitNode, { items });
    expect(outputs).toEqual([[{ json: { n: 0 }, pairedItem: { item: 0 } }]]);
  });

  it('keeps the first or last maxItems items, paired to their inputs', async () => {
    const first = await runNode(limitNode, { items, parameters: { maxItems: 2, keep: 'firstItems' } });
    expect(first.outputs[0]).toEqual([
      { json: { n: 0 }, pairedItem: { item: 0 } },
      { json: { n: 1 }, pairedItem: { item: 1 } },
    ]);
    const last = await runNode(limitNode, { items, parameters: { maxItems: '2', keep: 'lastItems' } });
    expect(last.outputs[0]).toEqual([
      { json: { n: 1 }, pairedItem: { item: 1 } },
      { json: { n: 2 }, pairedItem: { item: 2 } },
    ]);
  });

  it('keeps every item when there are fewer than maxItems', async () => {
    const { outputs } = await runNode(limitNode, { items, parameters: { maxItems: 10, keep: 'lastItems' } });
    expect(outputs[0]?.map((item) => item.json.n)).toEqual([0, 1, 2]);
  });

  it('rejects a maxItems below 1 or not whole, and unknown keep values', async () => {
    for (const maxItems of [0, 1.5, 'x', -3]) {
      const error = await runNodeExpectingError(limitNode, { items, parameters: { maxItems } });
      expect(error.code).toBe('NODE_PARAMETER_INVALID');
      expect(error.message).toBe(
        `"maxItems" must be a whole number of at least 1, not ${JSON.stringify(maxItems)}`,
      );
    }
    expect((await runNodeExpectingError(limitNode, { items, parameters: { keep: 'middle' } })).message).toBe(
      '"keep" must be one of firstItems, lastItems, not "middle"',
    );
  });
});
