import { nextRuns, scheduleTriggerNode } from '@klikkflow/nodes';
import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { scheduleExport, scheduleMappings } from './schedule.mapping.js';

/** A Monday, so weekday rules are easy to read. */
const from = new Date('2024-01-01T00:00:30Z');

/** The next fire times (UTC, without seconds) of an n8n node after import. */
function fireTimes(type: string, version: number, parameters: Record<string, unknown>, count = 4) {
  const mapped = mapN8nNode(scheduleMappings, `n8n-nodes-base.${type}`, version, parameters);
  expect(mapped.nativeType).toBe('core.scheduleTrigger');
  // n8n adds a fixed per-node second to most rules; the minute is what both agree on.
  const times = nextRuns(mapped.parameters, 'UTC', from, count).map((date) =>
    date.toISOString().slice(0, 16),
  );
  return { times, warnings: mapped.warnings, parameters: mapped.parameters };
}

describe('Schedule Trigger', () => {
  it('v1.2: every 15 minutes fires on the quarter hours, like n8n’s */15', () => {
    const { times, warnings } = fireTimes('scheduleTrigger', 1.2, {
      rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] },
    });
    expect(times).toEqual(['2024-01-01T00:15', '2024-01-01T00:30', '2024-01-01T00:45', '2024-01-01T01:00']);
    expect(warnings).toEqual([]);
  });

  it('v1.1: every 6 hours at minute 0, the defaults n8n leaves out', () => {
    const { times } = fireTimes('scheduleTrigger', 1.1, {
      rule: { interval: [{ field: 'hours', hoursInterval: 6 }] },
    });
    expect(times).toEqual(['2024-01-01T06:00', '2024-01-01T12:00', '2024-01-01T18:00', '2024-01-02T00:00']);
  });

  it('v1.3: weekly on Monday and Wednesday at 09:30', () => {
    const { times } = fireTimes('scheduleTrigger', 1.3, {
      rule: { interval: [{ field: 'weeks', triggerAtDay: [1, 3], triggerAtHour: 9, triggerAtMinute: 30 }] },
    });
    expect(times).toEqual(['2024-01-01T09:30', '2024-01-03T09:30', '2024-01-08T09:30', '2024-01-10T09:30']);
  });

  it('v1: a cron expression, and a node without rules fires daily at midnight', () => {
    const cron = fireTimes('scheduleTrigger', 1, {
      rule: { interval: [{ field: 'cronExpression', expression: '0 8 * * 1-5' }] },
    });
    expect(cron.times).toEqual([
      '2024-01-01T08:00',
      '2024-01-02T08:00',
      '2024-01-03T08:00',
      '2024-01-04T08:00',
    ]);
    const daily = fireTimes('scheduleTrigger', 1.2, {}, 2);
    expect(daily.times).toEqual(['2024-01-02T00:00', '2024-01-03T00:00']);
  });

  it('v1.4: monthly on a day of the month, and rules merged in time order', () => {
    const { times } = fireTimes('scheduleTrigger', 1.4, {
      rule: {
        interval: [
          { field: 'months', triggerAtDayOfMonth: 15, triggerAtHour: 7 },
          { field: 'days', daysInterval: 1, triggerAtHour: 23 },
        ],
      },
    });
    expect(times).toEqual(['2024-01-01T23:00', '2024-01-02T23:00', '2024-01-03T23:00', '2024-01-04T23:00']);
    const monthly = fireTimes('scheduleTrigger', 1.4, {
      rule: { interval: [{ field: 'months', triggerAtDayOfMonth: 15, triggerAtHour: 7 }] },
    });
    expect(monthly.times.slice(0, 2)).toEqual(['2024-01-15T07:00', '2024-02-15T07:00']);
  });

  it('warns where n8n counts steps from its own runs, and about options it drops', () => {
    // n8n fires every 45 elapsed minutes; the native rule restarts each hour (:00 and :45).
    const { times, warnings } = fireTimes('scheduleTrigger', 1.4, {
      rule: {
        interval: [
          { field: 'minutes', minutesInterval: 45 },
          { field: 'days', daysInterval: 2 },
        ],
      },
      misfirePolicy: 'coalesce',
    });
    expect(times).toEqual(['2024-01-01T00:45', '2024-01-01T01:00', '2024-01-01T01:45', '2024-01-01T02:00']);
    expect(warnings).toEqual([
      'schedule rule 1 (every 45 minutes) counts its steps differently from n8n, so some fire times differ',
      'schedule rule 2 (every 2 days) counts its steps differently from n8n, so some fire times differ',
      'option "misfirePolicy" ("coalesce") has no KlikkFlow equivalent and is ignored',
    ]);
  });

  it('runs as a trigger node with the imported rules', async () => {
    const { parameters } = fireTimes('scheduleTrigger', 1.2, {
      rule: { interval: [{ field: 'seconds', secondsInterval: 30 }] },
    });
    const { outputs } = await runNode(scheduleTriggerNode, { parameters, now: from.getTime() });
    expect(outputs[0]?.[0]?.json).toMatchObject({
      timestamp: '2024-01-01T00:00:30+00:00',
      'Day of week': 'Monday',
    });
  });

  it('exports as Schedule Trigger 1.4 with the same rules', () => {
    const n8n = { rule: { interval: [{ field: 'hours', hoursInterval: 2, triggerAtMinute: 5 }] } };
    const native = mapN8nNode(scheduleMappings, 'n8n-nodes-base.scheduleTrigger', 1.2, n8n).parameters;
    expect(exportNativeNode([scheduleExport], 'core.scheduleTrigger', native)).toEqual({
      n8nType: 'n8n-nodes-base.scheduleTrigger',
      typeVersion: 1.4,
      parameters: n8n,
    });
  });
});

describe('legacy Cron node', () => {
  it('fires every day at 14:00 for an item left at its defaults, and at a saved hour', () => {
    expect(fireTimes('cron', 1, { triggerTimes: { item: [{}] } }, 2).times).toEqual([
      '2024-01-01T14:00',
      '2024-01-02T14:00',
    ]);
    expect(fireTimes('cron', 1, { triggerTimes: { item: [{ hour: 6 }] } }, 1).times).toEqual([
      '2024-01-01T06:00',
    ]);
  });

  it('maps every mode, several items merged', () => {
    const { times } = fireTimes(
      'cron',
      1,
      {
        triggerTimes: {
          item: [
            { mode: 'everyWeek', weekday: '5', hour: 9, minute: 15 },
            { mode: 'everyMonth', dayOfMonth: 3, hour: 1 },
            { mode: 'custom', cronExpression: '0 30 22 * * *' },
          ],
        },
      },
      4,
    );
    expect(times).toEqual(['2024-01-01T22:30', '2024-01-02T22:30', '2024-01-03T01:00', '2024-01-03T22:30']);
    expect(
      fireTimes('cron', 1, { triggerTimes: { item: [{ mode: 'everyHour', minute: 20 }] } }, 2).times,
    ).toEqual(['2024-01-01T00:20', '2024-01-01T01:20']);
    expect(fireTimes('cron', 1, { triggerTimes: { item: [{ mode: 'everyMinute' }] } }, 2).times).toEqual([
      '2024-01-01T00:01',
      '2024-01-01T00:02',
    ]);
  });

  it('steps every X minutes or hours as n8n’s */X, also past the field’s range', () => {
    const minutes = { triggerTimes: { item: [{ mode: 'everyX', value: 10, unit: 'minutes' }] } };
    expect(fireTimes('cron', 1, minutes, 2).times).toEqual(['2024-01-01T00:10', '2024-01-01T00:20']);
    expect(fireTimes('cron', 1, { triggerTimes: { item: [{ mode: 'everyX' }] } }, 2).times).toEqual([
      '2024-01-01T02:00',
      '2024-01-01T04:00',
    ]);
    const wide = { triggerTimes: { item: [{ mode: 'everyX', value: 90, unit: 'minutes' }] } };
    expect(fireTimes('cron', 1, wide, 2).times).toEqual(['2024-01-01T01:00', '2024-01-01T02:00']);
  });

  it('refuses a Cron node without trigger times (it never fires)', () => {
    expect(() => mapN8nNode(scheduleMappings, 'n8n-nodes-base.cron', 1, {})).toThrow(UnsupportedVariantError);
  });
});

describe('legacy Interval node', () => {
  it('fires every 30 minutes, and every second by default', () => {
    expect(fireTimes('interval', 1, { interval: 30, unit: 'minutes' }, 2).times).toEqual([
      '2024-01-01T00:30',
      '2024-01-01T01:00',
    ]);
    const seconds = mapN8nNode(scheduleMappings, 'n8n-nodes-base.interval', 1, {});
    const runs = nextRuns(seconds.parameters, 'UTC', from, 2).map((date) => date.toISOString());
    expect(runs).toEqual(['2024-01-01T00:00:31.000Z', '2024-01-01T00:00:32.000Z']);
  });

  it('uses the largest fitting unit and warns when steps restart', () => {
    const hours = fireTimes('interval', 1, { interval: 5, unit: 'hours' }, 2);
    expect(hours.times).toEqual(['2024-01-01T05:00', '2024-01-01T10:00']);
    expect(hours.warnings).toEqual(['every 5 hours restarts at midnight in KlikkFlow']);
    expect(fireTimes('interval', 1, { interval: 120, unit: 'minutes' }, 1).times).toEqual([
      '2024-01-01T02:00',
    ]);
    expect(() =>
      mapN8nNode(scheduleMappings, 'n8n-nodes-base.interval', 1, { interval: 90, unit: 'seconds' }),
    ).toThrow(new UnsupportedVariantError('it fires every 90 seconds, which no schedule rule can express'));
  });
});
