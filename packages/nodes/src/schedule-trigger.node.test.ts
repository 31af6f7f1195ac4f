import { runNode, runNodeExpectingError, withDefaults } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { nextRuns } from './schedule.js';
import { scheduleTriggerItem, scheduleTriggerNode } from './schedule-trigger.node.js';

const now = Date.parse('2024-03-05T13:30:07Z');

describe('core.scheduleTrigger', () => {
  it('passes on the item of the slot the scheduler fired it with', async () => {
    const slot = scheduleTriggerItem(Date.parse('2024-03-05T13:00:00Z'), 'UTC');
    const { outputs } = await runNode(scheduleTriggerNode, { now, inputs: [[{ json: slot }]] });
    expect(outputs).toEqual([[{ json: slot }]]);
  });

  it('emits one item describing now in the workflow’s zone on a manual run (empty trigger item)', async () => {
    const { outputs } = await runNode(scheduleTriggerNode, { now, inputs: [[{ json: {} }]] });
    expect(outputs).toEqual([
      [
        {
          json: {
            timestamp: '2024-03-05T13:30:07+00:00',
            'Readable date': 'March 5th 2024, 1:30:07 pm',
            'Readable time': '1:30:07 pm',
            'Day of week': 'Tuesday',
            Year: '2024',
            Month: 'March',
            'Day of month': '05',
            Hour: '13',
            Minute: '30',
            Second: '07',
            Timezone: 'UTC (UTC+00:00)',
          },
        },
      ],
    ]);
  });

  it('fails a manual run when a rule is broken, naming the rule', async () => {
    const error = await runNodeExpectingError(scheduleTriggerNode, {
      now,
      parameters: { rule: { interval: [{ field: 'cronExpression', expression: '* * *' }] } },
    });
    expect(error).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: expect.stringContaining('schedule rule 1'),
    });
  });

  it('defaults to one daily rule at midnight, which nextRuns understands', () => {
    const defaults = withDefaults(scheduleTriggerNode.properties, {});
    expect(defaults).toEqual({ rule: { interval: [{ field: 'days' }] } });
    expect(nextRuns(defaults, 'UTC', new Date(now), 1)).toEqual([new Date('2024-03-06T00:00:00Z')]);
    expect(scheduleTriggerNode.triggerModes).toEqual(['schedule', 'manual']);
  });

  it('offers every field nextRuns accepts, with defaults matching its fallbacks', () => {
    const interval = scheduleTriggerNode.properties[0]?.properties?.[0]?.properties ?? [];
    const fields = interval.find((p) => p.name === 'field')?.options?.map((option) => option.value) ?? [];
    for (const field of fields) {
      const rule = Object.fromEntries(
        interval
          .filter((p) => p.name === 'field' || (p.displayOptions?.show?.field ?? []).includes(field))
          .map((p) => [p.name, p.name === 'field' ? field : p.default]),
      );
      if (field === 'cronExpression') rule.expression = '0 * * * *';
      expect(nextRuns({ rule: { interval: [rule] } }, 'UTC', new Date(now), 1), String(field)).toHaveLength(
        1,
      );
    }
  });
});

describe('scheduleTriggerItem', () => {
  it('writes the time in the zone with its offset, in summer and winter', () => {
    expect(scheduleTriggerItem(now, 'Europe/Berlin')).toMatchObject({
      timestamp: '2024-03-05T14:30:07+01:00',
      'Readable date': 'March 5th 2024, 2:30:07 pm',
      Hour: '14',
      Timezone: 'Europe/Berlin (UTC+01:00)',
    });
    expect(scheduleTriggerItem(Date.parse('2024-07-01T22:05:00Z'), 'Europe/Berlin')).toMatchObject({
      timestamp: '2024-07-02T00:05:00+02:00',
      'Readable time': '12:05:00 am',
      'Day of week': 'Tuesday',
      Timezone: 'Europe/Berlin (UTC+02:00)',
    });
  });

  it('uses English ordinals for the day', () => {
    const ordinal = (day: number) =>
      String(scheduleTriggerItem(Date.UTC(2024, 0, day, 12), 'UTC')['Readable date']).split(' ')[1];
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '31st',
    ]);
  });

  it('refuses an unknown zone', () => {
    expect(() => scheduleTriggerItem(now, 'Nowhere/Zone')).toThrow(
      expect.objectContaining({ code: 'NODE_PARAMETER_INVALID' }),
    );
  });
});
