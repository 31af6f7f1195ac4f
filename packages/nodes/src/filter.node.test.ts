import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { filterNode } from './filter.node.js';

const items = [{ name: 'apple' }, { name: 'Banana' }, { name: 'avocado' }];
const startsWithA = (left: unknown) => ({
  conditions: {
    conditions: [{ leftValue: left, rightValue: 'a', operator: { type: 'string', operation: 'startsWith' } }],
  },
});

describe('core.filter', () => {
  it('keeps matching items paired to their input and drops the rest', async () => {
    const { outputs } = await runNode(filterNode, { items, parameters: (i) => startsWithA(items[i]?.name) });
    expect(outputs).toEqual([
      [
        { json: { name: 'apple' }, pairedItem: { item: 0 } },
        { json: { name: 'avocado' }, pairedItem: { item: 2 } },
      ],
    ]);
  });

  it('uses the case-insensitive option', async () => {
    const run = (caseSensitive: boolean) =>
      runNode(filterNode, {
        items,
        parameters: (i) => ({ ...startsWithA(items[i]?.name.toUpperCase()), options: { caseSensitive } }),
      });
    expect((await run(false)).outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
    expect((await run(true)).outputs[0]).toEqual([]);
  });

  it('converts with looseTypeValidation and fails without it', async () => {
    const parameters = (loose: boolean) => ({
      conditions: {
        conditions: [{ leftValue: '3', rightValue: 3, operator: { type: 'number', operation: 'equals' } }],
      },
      options: { looseTypeValidation: loose },
    });
    expect((await runNode(filterNode, { parameters: parameters(true) })).outputs[0]?.length).toBe(1);
    expect((await runNodeExpectingError(filterNode, { parameters: parameters(false) })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });
});
