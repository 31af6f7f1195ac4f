import { ifNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { ifExport, ifMappings } from './if.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const type = 'n8n-nodes-base.if';
const importIf = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(ifMappings, type, typeVersion, parameters);

/** The json of the items on the true and the false output. */
async function branches(parameters: Record<string, unknown>, items: unknown[]) {
  const { outputs } = await runNative(ifNode, parameters, { items });
  return { true: jsonOf(outputs[0]), false: jsonOf(outputs[1]) };
}

describe('IF v1 → core.if', () => {
  it('joins the groups with AND (the default) and compares loosely like n8n ("=5" is a number)', async () => {
    // From the Reddit digest template: number largerEqual "=5" and string isNotEmpty.
    const { parameters, nativeType } = importIf(1, {
      conditions: {
        number: [{ value1: '={{ $json.ups }}', value2: '=5', operation: 'largerEqual' }],
        string: [{ value1: '={{ $json.selftext }}', operation: 'isNotEmpty' }],
      },
    });
    expect(nativeType).toBe('core.if');
    const result = await branches(parameters, [
      { ups: 12, selftext: 'hi' },
      { ups: 3, selftext: 'hi' },
      { ups: 20, selftext: '' },
    ]);
    expect(result.true).toEqual([{ ups: 12, selftext: 'hi' }]);
    expect(result.false).toEqual([
      { ups: 3, selftext: 'hi' },
      { ups: 20, selftext: '' },
    ]);
  });

  it('joins with OR for combineOperation "any": startsWith and a date before', async () => {
    const { parameters } = importIf(1, {
      conditions: {
        string: [{ value1: '={{$json["Content"]}}', value2: 'RT @', operation: 'startsWith' }],
        dateTime: [{ value1: '={{$json["Created"]}}', value2: '2024-01-01T00:00:00Z', operation: 'before' }],
      },
      combineOperation: 'any',
    });
    const retweet = { Content: 'RT @bob hi', Created: '2024-06-01T00:00:00Z' };
    const old = { Content: 'hello', Created: '2023-05-01T00:00:00Z' };
    const fresh = { Content: 'hello', Created: '2024-06-01T00:00:00Z' };
    expect(await branches(parameters, [retweet, old, fresh])).toEqual({
      true: [retweet, old],
      false: [fresh],
    });
  });

  it('restores omitted operations and values: number "smaller" than 0, string "equal" to ""', async () => {
    const { parameters } = importIf(1, {
      conditions: { number: [{ value1: '={{$json["score"]}}' }], string: [{ value1: '={{ $json.note }}' }] },
    });
    const result = await branches(parameters, [
      { score: -0.5, note: '' },
      { score: 0.3, note: '' },
      { score: -1, note: 'x' },
    ]);
    expect(result.true).toEqual([{ score: -0.5, note: '' }]);
  });

  it('matches "contains" on text and warns about boolean comparisons', async () => {
    const { parameters, warnings } = importIf(1, {
      conditions: {
        boolean: [{ value1: '={{ $json.success }}', value2: true }],
        string: [{ value1: '={{ $json.stdout }}', operation: 'contains', value2: 'SUCCESS' }],
      },
    });
    expect(warnings).toHaveLength(1);
    const result = await branches(parameters, [
      { success: true, stdout: 'BUILD SUCCESS' },
      { success: false, stdout: 'BUILD SUCCESS' },
      { success: true, stdout: 'failed' },
    ]);
    expect(result.true).toEqual([{ success: true, stdout: 'BUILD SUCCESS' }]);
  });

  it('rejects an operation computed per item', () => {
    const parameters = {
      conditions: { string: [{ value1: 'a', operation: '={{ $json.op }}', value2: 'b' }] },
    };
    expect(() => importIf(1, parameters)).toThrow(UnsupportedVariantError);
  });
});

describe('IF v2–2.3 → core.if', () => {
  // From the "Hacker News to Video" template (if@2.2).
  const related = {
    options: {},
    conditions: {
      options: { version: 2, leftValue: '', caseSensitive: true, typeValidation: 'strict' },
      combinator: 'and',
      conditions: [
        {
          id: '56219de5-244d-4b7f-a511-f3061572cf93',
          operator: { name: 'filter.operator.equals', type: 'string', operation: 'equals' },
          leftValue: '={{ $json.output.related }}',
          rightValue: 'yes',
        },
      ],
    },
  };
  const answers = [
    { output: { related: 'yes' } },
    { output: { related: 'Yes' } },
    { output: { related: 'no' } },
  ];

  it('runs the stored filter: case-sensitive string equals', async () => {
    const { parameters } = importIf(2.2, related);
    expect(await branches(parameters, answers)).toEqual({
      true: [answers[0]],
      false: [answers[1], answers[2]],
    });
  });

  it('follows the stored caseSensitive false (Ignore Case)', async () => {
    const ignoringCase = {
      options: { ignoreCase: true },
      conditions: { ...related.conditions, options: { ...related.conditions.options, caseSensitive: false } },
    };
    const { parameters } = importIf(2.2, ignoringCase);
    expect((await branches(parameters, answers)).true).toEqual([answers[0], answers[1]]);
  });

  it('v2.1 loose type validation converts 1 and 0 to booleans, and warns about version-1 conversions', async () => {
    const { parameters, warnings } = importIf(2.1, {
      options: {},
      looseTypeValidation: true,
      conditions: {
        options: { leftValue: '', caseSensitive: true, typeValidation: 'loose' },
        combinator: 'and',
        conditions: [
          {
            operator: { type: 'boolean', operation: 'true', singleValue: true },
            leftValue: '={{ $json.ok }}',
          },
        ],
      },
    });
    expect(warnings).toHaveLength(1);
    expect(await branches(parameters, [{ ok: 1 }, { ok: 0 }])).toEqual({
      true: [{ ok: 1 }],
      false: [{ ok: 0 }],
    });
  });

  it('v2.3 number comparison; a filter without stored options takes the node settings', async () => {
    const { parameters } = importIf(2.3, {
      looseTypeValidation: true,
      conditions: {
        combinator: 'and',
        conditions: [
          { leftValue: '={{ $json.count }}', rightValue: 0, operator: { type: 'number', operation: 'gt' } },
        ],
      },
    });
    expect(parameters.conditions).toMatchObject({
      options: { caseSensitive: true, typeValidation: 'loose' },
    });
    expect(await branches(parameters, [{ count: '3' }, { count: 0 }])).toEqual({
      true: [{ count: '3' }],
      false: [{ count: 0 }],
    });
  });

  it('exports as IF v2.3 keeping the stored filter version with the same parameters', () => {
    const { parameters } = importIf(2.2, related);
    expect(ifExport.toN8n?.(parameters)).toEqual(related);
  });

  it('exports node-level overrides into the filter and the n8n settings that keep them', () => {
    const exported = ifExport.toN8n?.({
      conditions: related.conditions,
      options: { caseSensitive: false, looseTypeValidation: true },
    });
    expect(exported).toEqual({
      conditions: {
        ...related.conditions,
        options: { version: 2, leftValue: '', caseSensitive: false, typeValidation: 'loose' },
      },
      looseTypeValidation: true,
      options: { ignoreCase: true },
    });
  });

  it('exports converted v1 conditions as loose IF v2.3 conditions', () => {
    const { parameters } = importIf(1, {
      conditions: { string: [{ value1: '={{ $json.a }}', value2: 'x' }] },
    });
    expect(ifExport.toN8n?.(parameters)).toMatchObject({
      looseTypeValidation: true,
      conditions: {
        combinator: 'and',
        options: { typeValidation: 'loose', version: 3 },
        conditions: [
          { leftValue: '={{ $json.a }}', rightValue: 'x', operator: { type: 'string', operation: 'equals' } },
        ],
      },
    });
  });
});
