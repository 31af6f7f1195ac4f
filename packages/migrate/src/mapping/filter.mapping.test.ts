import { filterNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { filterExport, filterMappings } from './filter.mapping.js';

const type = 'n8n-nodes-base.filter';
const importFilter = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(filterMappings, type, typeVersion, parameters);

async function kept(parameters: Record<string, unknown>, items: unknown[]) {
  const { outputs } = await runNative(filterNode, parameters, { items });
  return jsonOf(outputs[0]);
}

describe('Filter v1 → core.filter', () => {
  const meetings = [
    { status: 'confirmed', attendees: 1 },
    { status: 'tentative', attendees: 5 },
    { status: 'tentative', attendees: 2 },
  ];

  it('keeps items matching all conditions by default (AND)', async () => {
    // Modelled on the "Suggest meeting slots" template (filter@1).
    const { parameters, nativeType } = importFilter(1, {
      conditions: {
        string: [{ value1: '={{ $json.status }}', value2: 'confirmed' }],
        number: [{ value1: '={{ $json.attendees }}', operation: 'larger', value2: 0 }],
      },
    });
    expect(nativeType).toBe('core.filter');
    expect(await kept(parameters, meetings)).toEqual([meetings[0]]);
  });

  it('keeps items matching any condition with combineConditions OR', async () => {
    const { parameters } = importFilter(1, {
      conditions: {
        string: [{ value1: '={{ $json.status }}', value2: 'confirmed' }],
        number: [{ value1: '={{ $json.attendees }}', operation: 'larger', value2: 2 }],
      },
      combineConditions: 'OR',
    });
    expect(await kept(parameters, meetings)).toEqual([meetings[0], meetings[1]]);
  });
});

describe('Filter v2–2.3 → core.filter', () => {
  // From the "Vector Database as a Big Data Analysis Tool" template (filter@2.2).
  const notTomato = {
    options: {},
    conditions: {
      options: { version: 2, leftValue: '', caseSensitive: true, typeValidation: 'strict' },
      combinator: 'and',
      conditions: [
        {
          id: 'f7953ae2-5333-4805-abe5-abf6da645c5e',
          operator: { type: 'string', operation: 'notEquals' },
          leftValue: '={{ $json.cropName }}',
          rightValue: 'tomato',
        },
      ],
    },
  };

  it('keeps the items that pass the stored filter', async () => {
    const { parameters } = importFilter(2.2, notTomato);
    const crops = [{ cropName: 'tomato' }, { cropName: 'pepper' }, { cropName: 'Tomato' }];
    expect(await kept(parameters, crops)).toEqual([crops[1], crops[2]]);
  });

  it('v2 number gte on scores', async () => {
    // From the "Build Your Own Image Search" template (filter@2).
    const { parameters } = importFilter(2, {
      options: {},
      conditions: {
        options: { leftValue: '', caseSensitive: true, typeValidation: 'strict' },
        combinator: 'and',
        conditions: [
          {
            operator: { type: 'number', operation: 'gte' },
            leftValue: '={{ $json.score }}',
            rightValue: 0.9,
          },
        ],
      },
    });
    expect(await kept(parameters, [{ score: 0.95 }, { score: 0.5 }, { score: 0.9 }])).toEqual([
      { score: 0.95 },
      { score: 0.9 },
    ]);
  });

  it('exports as Filter v2.3 with the same parameters', () => {
    const { parameters } = importFilter(2.2, notTomato);
    expect(filterExport.toN8n?.(parameters)).toEqual(notTomato);
  });
});
