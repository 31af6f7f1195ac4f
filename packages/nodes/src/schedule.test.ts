import { describe, expect, it } from 'vitest';
import { compileScheduleRule, nextRuns } from './schedule.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString().replace('.000Z', 'Z'));
const rules = (...interval: Record<string, unknown>[]) => ({ rule: { interval } });
const runs = (parameters: Record<string, unknown>, from: string, count = 4, zone = 'UTC') =>
  iso(nextRuns(parameters, zone, new Date(from), count));

describe('compileScheduleRule', () => {
  it('turns each interval kind into a cron pattern with seconds, like n8n', () => {
    expect(compileScheduleRule({ field: 'seconds' }, 0)).toEqual({ pattern: '*/30 * * * * *' });
    expect(compileScheduleRule({ field: 'minutes', minutesInterval: 15 }, 0)).toEqual({
      pattern: '0 */15 * * * *',
    });
    expect(compileScheduleRule({ field: 'hours', hoursInterval: 2, triggerAtMinute: 30 }, 0)).toEqual({
      pattern: '0 30 */2 * * *',
    });
    expect(compileScheduleRule({}, 0)).toEqual({ pattern: '0 0 0 * * *', every: { unit: 'day', n: 1 } });
    expect(compileScheduleRule({ field: 'weeks', triggerAtDay: [5, 1, 5], triggerAtHour: 9 }, 0)).toEqual({
      pattern: '0 0 9 * * 1,5',
      every: { unit: 'week', n: 1 },
    });
    expect(
      compileScheduleRule(
        { field: 'months', monthsInterval: 3, triggerAtDayOfMonth: 15, triggerAtHour: '9' },
        0,
      ),
    ).toEqual({ pattern: '0 0 9 15 * *', every: { unit: 'month', n: 3 } });
    expect(compileScheduleRule({ field: 'cronExpression', expression: ' 0 9 * * 1-5 ' }, 0)).toEqual({
      pattern: '0 9 * * 1-5',
    });
  });
});

describe('nextRuns: intervals', () => {
  it('every 15 minutes fires on the quarter hours, after (not at) `from`', () => {
    const every15 = rules({ field: 'minutes', minutesInterval: 15 });
    expect(runs(every15, '2024-01-01T10:07:30Z')).toEqual([
      '2024-01-01T10:15:00Z',
      '2024-01-01T10:30:00Z',
      '2024-01-01T10:45:00Z',
      '2024-01-01T11:00:00Z',
    ]);
    expect(runs(every15, '2024-01-01T10:15:00Z', 1)).toEqual(['2024-01-01T10:30:00Z']);
  });

  it('seconds and hours', () => {
    expect(runs(rules({ field: 'seconds', secondsInterval: 20 }), '2024-01-01T10:00:05Z', 3)).toEqual([
      '2024-01-01T10:00:20Z',
      '2024-01-01T10:00:40Z',
      '2024-01-01T10:01:00Z',
    ]);
    expect(
      runs(rules({ field: 'hours', hoursInterval: 6, triggerAtMinute: 5 }), '2024-01-01T10:00:00Z', 3),
    ).toEqual(['2024-01-01T12:05:00Z', '2024-01-01T18:05:00Z', '2024-01-02T00:05:00Z']);
  });

  it('days: at the hour and minute; every n days exactly n days apart, across month ends', () => {
    expect(
      runs(rules({ field: 'days', triggerAtHour: 9, triggerAtMinute: 30 }), '2024-01-31T12:00:00Z', 2),
    ).toEqual(['2024-02-01T09:30:00Z', '2024-02-02T09:30:00Z']);
    const every3 = runs(
      rules({ field: 'days', daysInterval: 3, triggerAtHour: 9 }),
      '2024-01-01T00:00:00Z',
      15,
    );
    expect(every3.slice(0, 3)).toEqual([
      '2024-01-03T09:00:00Z',
      '2024-01-06T09:00:00Z',
      '2024-01-09T09:00:00Z',
    ]);
    const gaps = every3.slice(1).map((at, index) => Date.parse(at) - Date.parse(every3[index] ?? ''));
    expect(new Set(gaps)).toEqual(new Set([3 * 86_400_000]));
  });

  it('weeks: on the chosen weekdays of every n-th week', () => {
    const weekly = rules({ field: 'weeks', triggerAtDay: [1, 5], triggerAtHour: 8 });
    expect(runs(weekly, '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-01T08:00:00Z',
      '2024-01-05T08:00:00Z',
      '2024-01-08T08:00:00Z',
    ]);
    const fortnightly = rules({ field: 'weeks', weeksInterval: 2, triggerAtDay: [1, 5], triggerAtHour: 8 });
    expect(runs(fortnightly, '2024-01-01T00:00:00Z')).toEqual([
      '2024-01-08T08:00:00Z',
      '2024-01-12T08:00:00Z',
      '2024-01-22T08:00:00Z',
      '2024-01-26T08:00:00Z',
    ]);
    expect(runs(rules({ field: 'weeks' }), '2024-01-01T00:00:00Z', 1)).toEqual(['2024-01-07T00:00:00Z']);
  });

  it('months: on the day of every n-th month; months without that day are skipped', () => {
    const quarterly = rules({
      field: 'months',
      monthsInterval: 3,
      triggerAtDayOfMonth: 15,
      triggerAtHour: 9,
    });
    expect(runs(quarterly, '2024-01-01T00:00:00Z')).toEqual([
      '2024-01-15T09:00:00Z',
      '2024-04-15T09:00:00Z',
      '2024-07-15T09:00:00Z',
      '2024-10-15T09:00:00Z',
    ]);
    expect(runs(rules({ field: 'months', triggerAtDayOfMonth: 31 }), '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-31T00:00:00Z',
      '2024-03-31T00:00:00Z',
      '2024-05-31T00:00:00Z',
    ]);
  });

  it('reads n8n’s saved shape, with a rule left at its defaults being daily at midnight', () => {
    expect(runs({ rule: { interval: [{}] } }, '2024-01-01T10:00:00Z', 1)).toEqual(['2024-01-02T00:00:00Z']);
    expect(runs({ rule: [{ field: 'minutes' }] }, '2024-01-01T10:01:00Z', 1)).toEqual([
      '2024-01-01T10:05:00Z',
    ]);
  });

  it('merges several rules in time order without duplicates', () => {
    const both = rules({ field: 'minutes', minutesInterval: 30 }, { field: 'hours' });
    expect(runs(both, '2024-01-01T10:10:00Z')).toEqual([
      '2024-01-01T10:30:00Z',
      '2024-01-01T11:00:00Z',
      '2024-01-01T11:30:00Z',
      '2024-01-01T12:00:00Z',
    ]);
  });
});

describe('nextRuns: cron expressions and time zones', () => {
  it('reads 5-part and 6-part (seconds first) patterns', () => {
    const weekdays = rules({ field: 'cronExpression', expression: '0 9 * * 1-5' });
    expect(runs(weekdays, '2024-01-05T10:00:00Z', 2)).toEqual([
      '2024-01-08T09:00:00Z',
      '2024-01-09T09:00:00Z',
    ]);
    const tenSeconds = rules({ field: 'cronExpression', expression: '*/10 * * * * *' });
    expect(runs(tenSeconds, '2024-01-01T00:00:00Z', 2)).toEqual([
      '2024-01-01T00:00:10Z',
      '2024-01-01T00:00:20Z',
    ]);
  });

  it('follows the zone’s wall clock, moving with DST in Europe/Berlin', () => {
    const nineDaily = rules({ field: 'cronExpression', expression: '0 9 * * *' });
    expect(runs(nineDaily, '2024-03-30T00:00:00Z', 2, 'Europe/Berlin')).toEqual([
      '2024-03-30T08:00:00Z',
      '2024-03-31T07:00:00Z',
    ]);
  });

  it('spring forward: a daily 02:30 fires at 03:00 on the gap day, interval rules keep real spacing', () => {
    const half2 = rules({ field: 'days', triggerAtHour: 2, triggerAtMinute: 30 });
    expect(runs(half2, '2024-03-30T12:00:00Z', 2, 'Europe/Berlin')).toEqual([
      '2024-03-31T01:00:00Z', // 03:00 CEST: 02:30 does not exist that night
      '2024-04-01T00:30:00Z', // 02:30 CEST
    ]);
    const every30 = rules({ field: 'minutes', minutesInterval: 30 });
    expect(runs(every30, '2024-03-31T00:00:00Z', 3, 'Europe/Berlin')).toEqual([
      '2024-03-31T00:30:00Z', // 01:30 CET
      '2024-03-31T01:00:00Z', // 03:00 CEST, 30 minutes later
      '2024-03-31T01:30:00Z',
    ]);
  });

  it('fall back: a daily 02:30 fires once, interval rules run through both 02:00 hours', () => {
    const half2 = rules({ field: 'days', triggerAtHour: 2, triggerAtMinute: 30 });
    expect(runs(half2, '2024-10-26T12:00:00Z', 2, 'Europe/Berlin')).toEqual([
      '2024-10-27T00:30:00Z', // 02:30 CEST, not again at 02:30 CET
      '2024-10-28T01:30:00Z', // 02:30 CET
    ]);
    const every30 = rules({ field: 'minutes', minutesInterval: 30 });
    expect(runs(every30, '2024-10-26T23:45:00Z', 5, 'Europe/Berlin')).toEqual([
      '2024-10-27T00:00:00Z', // 02:00 CEST
      '2024-10-27T00:30:00Z',
      '2024-10-27T01:00:00Z', // 02:00 CET
      '2024-10-27T01:30:00Z',
      '2024-10-27T02:00:00Z',
    ]);
  });

  it('counts every-n-days periods by local date, so DST does not shift them', () => {
    const every2 = rules({ field: 'days', daysInterval: 2, triggerAtHour: 0, triggerAtMinute: 30 });
    const local = runs(every2, '2024-03-28T00:00:00Z', 3, 'Europe/Berlin');
    expect(local).toEqual(['2024-03-29T23:30:00Z', '2024-03-31T22:30:00Z', '2024-04-02T22:30:00Z']);
  });
});

describe('nextRuns: errors name the rule', () => {
  const expectInvalid = (
    parameters: Record<string, unknown>,
    message: RegExp,
    parameter?: string,
    zone = 'UTC',
  ) => {
    let caught: unknown;
    try {
      nextRuns(parameters, zone, new Date('2024-01-01T00:00:00Z'), 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'NODE_PARAMETER_INVALID', message: expect.stringMatching(message) });
    if (parameter) expect(caught).toMatchObject({ details: { parameter } });
  };

  it('refuses invalid cron expressions', () => {
    const withCron = (expression: unknown) =>
      rules({ field: 'days' }, { field: 'cronExpression', expression });
    expectInvalid(
      withCron('61 * * * *'),
      /^schedule rule 2: invalid cron expression "61 \* \* \* \*"/,
      'rule.interval[1].expression',
    );
    expectInvalid(withCron('every monday'), /schedule rule 2: invalid cron expression/);
    expectInvalid(withCron(undefined), /schedule rule 2: invalid cron expression ""/);
  });

  it('refuses out-of-range or non-numeric intervals, hours, minutes and weekdays', () => {
    expectInvalid(
      rules({ field: 'minutes', minutesInterval: 0 }),
      /rule 1 \(minutes\): "minutesInterval" must be a whole number from 1 to 59/,
      'rule.interval[0].minutesInterval',
    );
    expectInvalid(rules({ field: 'seconds', secondsInterval: 60 }), /"secondsInterval"/);
    expectInvalid(rules({ field: 'hours', hoursInterval: 'two' }), /"hoursInterval"/);
    expectInvalid(rules({ field: 'days', triggerAtHour: 24 }), /"triggerAtHour"/);
    expectInvalid(rules({ field: 'days', triggerAtMinute: 1.5 }), /"triggerAtMinute"/);
    expectInvalid(rules({ field: 'months', triggerAtDayOfMonth: 32 }), /"triggerAtDayOfMonth"/);
    expectInvalid(
      rules({ field: 'weeks', triggerAtDay: [7] }),
      /"triggerAtDay"/,
      'rule.interval[0].triggerAtDay',
    );
    expectInvalid(rules({ field: 'weeks', triggerAtDay: [] }), /"triggerAtDay"/);
  });

  it('refuses unknown fields, an empty schedule and an unknown zone', () => {
    expectInvalid(
      rules({ field: 'years' }),
      /schedule rule 1: "field" must be one of/,
      'rule.interval[0].field',
    );
    expectInvalid({ rule: { interval: [] } }, /the schedule has no rules/);
    expectInvalid({}, /the schedule has no rules/);
    expectInvalid(rules({}), /unknown time zone "Mars\/Base"/, 'timezone', 'Mars/Base');
  });
});
