import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { switchNode } from './switch.node.js';

const items = [{ n: 1 }, { n: 5 }, { n: 10 }];
const rule = (operation: string, right: number, left: unknown, outputKey?: string) => ({
  conditions: {
    conditions: [{ leftValue: left, rightValue: right, operator: { type: 'number', operation } }],
  },
  ...(outputKey ? { outputKey } : {}),
});
/** Rules "n > 4" and "n > 8", resolved for item i. */
const rules = (i: number, options: Record<string, unknown> = {}) => ({
  rules: [rule('gt', 4, items[i]?.n, 'big'), rule('gt', 8, items[i]?.n)],
  options,
});
const pairs = (outputs: { pairedItem?: unknown }[][]) =>
  outputs.map((output) => output.map((item) => item.pairedItem));

describe('core.switch', () => {
  it('sends each item to its first matching rule and drops the rest by default', async () => {
    const { outputs } = await runNode(switchNode, { items, parameters: (i) => rules(i) });
    expect(outputs).toEqual([
      [
        { json: { n: 5 }, pairedItem: { item: 1 } },
        { json: { n: 10 }, pairedItem: { item: 2 } },
      ],
      [],
    ]);
  });

  it('sends items to all matching outputs with allMatchingOutputs', async () => {
    const { outputs } = await runNode(switchNode, {
      items,
      parameters: (i) => rules(i, { allMatchingOutputs: true }),
    });
    expect(pairs(outputs)).toEqual([[{ item: 1 }, { item: 2 }], [{ item: 2 }]]);
  });

  it('routes unmatched items to an extra fallback output', async () => {
    const { outputs } = await runNode(switchNode, {
      items,
      parameters: (i) => rules(i, { fallbackOutput: 'extra' }),
    });
    expect(pairs(outputs)).toEqual([[{ item: 1 }, { item: 2 }], [], [{ item: 0 }]]);
  });

  it('routes unmatched items to a chosen output index', async () => {
    const { outputs } = await runNode(switchNode, {
      items,
      parameters: (i) => rules(i, { fallbackOutput: 1 }),
    });
    expect(pairs(outputs)).toEqual([[{ item: 1 }, { item: 2 }], [{ item: 0 }]]);
    const error = await runNodeExpectingError(switchNode, {
      items,
      parameters: (i) => rules(i, { fallbackOutput: 5 }),
    });
    expect(error.message).toBe('fallback output 5 (item 0) is not an output index from 0 to 1');
  });

  it('resolves outputs from the rules, labelled by output key', () => {
    expect(switchNode.resolveOutputs?.(rules(0))).toEqual([
      { kind: 'main', label: 'big' },
      { kind: 'main', label: '1' },
    ]);
    expect(switchNode.resolveOutputs?.(rules(0, { fallbackOutput: 'extra' }))?.at(-1)).toEqual({
      kind: 'main',
      label: 'Fallback',
    });
    expect(switchNode.resolveOutputs?.({ rules: { values: [rule('gt', 1, 1)] } })).toEqual([
      { kind: 'main', label: '0' },
    ]);
    expect(switchNode.resolveOutputs?.({})).toEqual([]);
  });

  it('routes by a computed output index in expression mode', async () => {
    const { outputs } = await runNode(switchNode, {
      items,
      parameters: (i) => ({ mode: 'expression', numberOutputs: 3, output: [2, '0', 2][i] }),
    });
    expect(pairs(outputs)).toEqual([[{ item: 1 }], [], [{ item: 0 }, { item: 2 }]]);
    expect(switchNode.resolveOutputs?.({ mode: 'expression' })).toHaveLength(4);
  });

  it('rejects an out-of-range output index and a bad number of outputs', async () => {
    const out = await runNodeExpectingError(switchNode, {
      parameters: { mode: 'expression', numberOutputs: 2, output: 2 },
    });
    expect(out).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: 'output 2 (item 0) is not an output index from 0 to 1',
    });
    const count = await runNodeExpectingError(switchNode, {
      parameters: { mode: 'expression', numberOutputs: 0 },
    });
    expect(count.message).toBe('"numberOutputs" must be a whole number of at least 1, not 0');
    expect((await runNodeExpectingError(switchNode, { parameters: { mode: 'other' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });

  it('passes case and type options to the rules', async () => {
    const textRule = {
      conditions: {
        conditions: [{ leftValue: 'A', rightValue: 'a', operator: { type: 'string', operation: 'equals' } }],
      },
    };
    const { outputs } = await runNode(switchNode, {
      parameters: { rules: [textRule], options: { caseSensitive: false } },
    });
    expect(pairs(outputs)).toEqual([[{ item: 0 }]]);
    const loose = await runNode(switchNode, {
      parameters: { rules: [rule('gt', 1, '2')], options: { looseTypeValidation: true } },
    });
    expect(pairs(loose.outputs)).toEqual([[{ item: 0 }]]);
  });
});
