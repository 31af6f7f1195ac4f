import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { ifNode } from './if.node.js';

const items = [{ n: 1 }, { n: 5 }, { n: 10 }];
const gt4 = (left: unknown) => ({
  conditions: {
    combinator: 'and',
    conditions: [{ leftValue: left, rightValue: 4, operator: { type: 'number', operation: 'gt' } }],
  },
});

describe('core.if', () => {
  it('routes matching items to true and the rest to false, paired to their input', async () => {
    const { outputs } = await runNode(ifNode, { items, parameters: (i) => gt4(items[i]?.n) });
    expect(outputs).toEqual([
      [
        { json: { n: 5 }, pairedItem: { item: 1 } },
        { json: { n: 10 }, pairedItem: { item: 2 } },
      ],
      [{ json: { n: 1 }, pairedItem: { item: 0 } }],
    ]);
  });

  it('sends every item to true with no conditions', async () => {
    const { outputs } = await runNode(ifNode, { items });
    expect(jsonOf(outputs[0])).toEqual(items);
    expect(outputs[1]).toEqual([]);
  });

  it('honours caseSensitive and looseTypeValidation options', async () => {
    const conditions = (left: string, right: string, type: string, operation: string) => ({
      conditions: [{ leftValue: left, rightValue: right, operator: { type, operation } }],
    });
    const text = await runNode(ifNode, {
      parameters: {
        conditions: conditions('Yes', 'yes', 'string', 'equals'),
        options: { caseSensitive: false },
      },
    });
    expect(text.outputs.map((o) => o.length)).toEqual([1, 0]);
    const loose = await runNode(ifNode, {
      parameters: {
        conditions: conditions('10', '4', 'number', 'gt'),
        options: { looseTypeValidation: true },
      },
    });
    expect(loose.outputs.map((o) => o.length)).toEqual([1, 0]);
  });

  it('fails on a strict type mismatch naming the item', async () => {
    const error = await runNodeExpectingError(ifNode, { items, parameters: (i) => gt4(i === 2 ? 'ten' : 1) });
    expect(error.code).toBe('NODE_PARAMETER_INVALID');
    expect(error.message).toContain('(item 2)');
  });
});
