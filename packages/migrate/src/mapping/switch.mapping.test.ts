import { switchNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { switchExport, switchMappings } from './switch.mapping.js';

const type = 'n8n-nodes-base.switch';
const importSwitch = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(switchMappings, type, typeVersion, parameters);

/** The json of the items on each output. */
async function routed(parameters: Record<string, unknown>, items: unknown[]) {
  const { outputs } = await runNative(switchNode, parameters, { items });
  return outputs.map((output) => jsonOf(output));
}

describe('Switch v1 → core.switch', () => {
  it('routes to the numbered outputs 0–3, with the fallback output 3', async () => {
    // From the "Discord AI-powered bot" template (switch@1).
    const { parameters } = importSwitch(1, {
      rules: {
        rules: [
          { value2: 'success-story' },
          { output: 1, value2: 'urgent-issue' },
          { output: 2, value2: 'ticket', operation: '=equal' },
        ],
      },
      value1: '={{ $json.category }}',
      dataType: 'string',
      fallbackOutput: 3,
    });
    const items = [
      { category: 'ticket' },
      { category: 'success-story' },
      { category: 'spam' },
      { category: 'urgent-issue' },
    ];
    expect(await routed(parameters, items)).toEqual([[items[1]], [items[3]], [items[0]], [items[2]]]);
  });

  it('keeps output numbers when rules share or skip outputs, and warns when they are out of order', async () => {
    const { parameters, warnings } = importSwitch(1, {
      rules: {
        rules: [
          { value2: 'a', output: 2 },
          { value2: 'b', output: 0 },
          { value2: 'c', output: 2 },
        ],
      },
      value1: '={{ $json.letter }}',
      dataType: 'string',
    });
    expect(warnings.some((warning) => warning.includes('output order'))).toBe(true);
    const items = [{ letter: 'a' }, { letter: 'b' }, { letter: 'c' }, { letter: 'd' }];
    // No fallback in n8n (-1): "d" is dropped; outputs 1 and 3 stay empty.
    expect(await routed(parameters, items)).toEqual([[items[1]], [], [items[0], items[2]], []]);
  });

  it('restores the number data type and the "smaller" operation', async () => {
    const { parameters } = importSwitch(1, {
      value1: '={{ $json.n }}',
      rules: { rules: [{ value2: 10 }, { operation: 'larger', value2: 100, output: 1 }] },
    });
    const items = [{ n: 5 }, { n: 500 }, { n: 50 }];
    expect(await routed(parameters, items)).toEqual([[items[0]], [items[1]], [], []]);
  });

  it('expression mode sends each item to the computed output of four', async () => {
    const { parameters } = importSwitch(1, { mode: 'expression', output: '={{ $json.route }}' });
    const items = [{ route: 3 }, { route: 0 }];
    expect(await routed(parameters, items)).toEqual([[items[1]], [], [], [items[0]]]);
  });

  it('rejects a rule output outside 0–3', () => {
    const parameters = { dataType: 'string', rules: { rules: [{ value2: 'x', output: 7 }] } };
    expect(() => importSwitch(1, parameters)).toThrow(UnsupportedVariantError);
  });
});

describe('Switch v2 → core.switch', () => {
  it('gives each rule its own labelled output and drops unmatched items', async () => {
    // From the "Extract text from PDF and image" template (switch@2).
    const { parameters } = importSwitch(2, {
      rules: {
        rules: [
          { value2: 'application/pdf', outputKey: 'pdf' },
          { value2: 'image/', operation: 'contains', outputKey: 'image' },
        ],
      },
      value1: '={{$json.mimeType}}',
      dataType: 'string',
    });
    expect(parameters.rules).toMatchObject([{ outputKey: 'pdf' }, { outputKey: 'image' }]);
    const items = [{ mimeType: 'image/png' }, { mimeType: 'application/pdf' }, { mimeType: 'text/plain' }];
    expect(await routed(parameters, items)).toEqual([[items[1]], [items[0]]]);
  });

  it('sends unmatched items to the fallback rule output', async () => {
    const { parameters } = importSwitch(2, {
      rules: { rules: [{ value2: 'a' }, { value2: 'b' }] },
      value1: '={{ $json.letter }}',
      dataType: 'string',
      fallbackOutput: 1,
    });
    expect(await routed(parameters, [{ letter: 'z' }, { letter: 'a' }])).toEqual([
      [{ letter: 'a' }],
      [{ letter: 'z' }],
    ]);
  });
});

describe('Switch v3+ → core.switch', () => {
  const rule = (outputKey: string, caseSensitive = true) => ({
    outputKey,
    renameOutput: true,
    conditions: {
      options: { version: 2, leftValue: '', caseSensitive, typeValidation: 'strict' },
      combinator: 'and',
      conditions: [
        {
          operator: { type: 'string', operation: 'equals' },
          leftValue: '={{ $json.category }}',
          rightValue: outputKey,
        },
      ],
    },
  });
  // Modelled on the "Auto Categorise Outlook Emails" template (switch@3.2).
  const categories = { rules: { values: [rule('junk', false), rule('receipt', false)] }, options: {} };

  it('runs each rule filter as stored (case-insensitive here) and drops unmatched items', async () => {
    const { parameters } = importSwitch(3.2, categories);
    const items = [{ category: 'Receipt' }, { category: 'JUNK' }, { category: 'other' }];
    expect(await routed(parameters, items)).toEqual([[items[1]], [items[0]]]);
  });

  it('adds the extra fallback output and can send to all matching outputs', async () => {
    const { parameters } = importSwitch(3, {
      rules: {
        values: [
          rule('a'),
          {
            conditions: {
              options: { leftValue: '', caseSensitive: true, typeValidation: 'strict' },
              combinator: 'and',
              conditions: [
                {
                  operator: { type: 'string', operation: 'notEmpty', singleValue: true },
                  leftValue: '={{ $json.category }}',
                },
              ],
            },
          },
        ],
      },
      options: { fallbackOutput: 'extra', allMatchingOutputs: true },
    });
    expect(parameters.rules).toEqual([
      expect.objectContaining({ outputKey: 'a' }),
      expect.not.objectContaining({ outputKey: expect.anything() }),
    ]);
    const items = [{ category: 'a' }, { category: 'b' }, { category: '' }];
    expect(await routed(parameters, items)).toEqual([[items[0]], [items[0], items[1]], [items[2]]]);
  });

  it('expression mode routes by the computed index', async () => {
    const { parameters } = importSwitch(3.2, {
      mode: 'expression',
      numberOutputs: 2,
      output: '={{ $json.index }}',
    });
    expect(await routed(parameters, [{ index: 1 }, { index: 0 }])).toEqual([[{ index: 0 }], [{ index: 1 }]]);
  });

  it('exports as Switch v3.4 with the same parameters', () => {
    const { parameters } = importSwitch(3.2, categories);
    expect(switchExport.toN8n?.(parameters)).toEqual({ ...categories, options: { ignoreCase: true } });
  });

  it('exports converted v1 rules with their never-matching placeholders and fallback index', () => {
    const { parameters } = importSwitch(1, {
      dataType: 'string',
      value1: '={{ $json.letter }}',
      rules: { rules: [{ value2: 'b', output: 1 }] },
      fallbackOutput: 3,
    });
    const exported = switchExport.toN8n?.(parameters) ?? {};
    expect(exported).toMatchObject({ looseTypeValidation: true, options: { fallbackOutput: 3 } });
    expect((exported.rules as { values: unknown[] }).values).toHaveLength(4);
  });
});
