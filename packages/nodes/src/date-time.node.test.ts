import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { dateTimeNode } from './date-time.node.js';

const now = Date.parse('2024-05-17T13:45:30.250Z');
const run = async (parameters: Record<string, unknown>, items: unknown[] = [{ keep: 1 }]) =>
  jsonOf((await runNode(dateTimeNode, { items, parameters, now })).outputs[0]);
const value = async (parameters: Record<string, unknown>) => {
  const [json] = await run({ outputFieldName: 'out', ...parameters });
  return json?.out;
};
const fail = async (parameters: Record<string, unknown>) => {
  const error = await runNodeExpectingError(dateTimeNode, {
    items: [{}, {}],
    parameters: (itemIndex) => (itemIndex === 1 ? parameters : { operation: 'getCurrentDate' }),
    now,
  });
  expect(error.code).toBe('NODE_PARAMETER_INVALID');
  return error.message;
};

describe('core.dateTime', () => {
  it('gets the current date from ctx.now() into currentDate by default, keeping fields, paired', async () => {
    const binary = { f: { id: 'b', mimeType: 'text/plain' } };
    const { outputs } = await runNode(dateTimeNode, { inputs: [[{ json: { keep: 1 }, binary }]], now });
    expect(outputs[0]).toEqual([
      { json: { keep: 1, currentDate: '2024-05-17T13:45:30.250Z' }, binary, pairedItem: { item: 0 } },
    ]);
  });

  it('gets midnight without the time, in the chosen time zone', async () => {
    expect(await value({ includeTime: false })).toBe('2024-05-17T00:00:00.000Z');
    expect(await value({ options: { timezone: 'Asia/Tokyo' } })).toBe('2024-05-17T22:45:30.250+09:00');
    expect(await value({ includeTime: false, options: { timezone: 'Pacific/Honolulu' } })).toBe(
      '2024-05-17T00:00:00.000-10:00',
    );
  });

  it('adds and subtracts durations in every unit, with n8n default field names', async () => {
    const date = '2024-01-31T10:00:00Z';
    const shift = async (timeUnit: string, duration: number, operation = 'addToDate') =>
      (await run({ operation, date, timeUnit, duration }))[0]?.newDate;
    expect(await shift('years', 1)).toBe('2025-01-31T10:00:00.000Z');
    expect(await shift('quarters', 1)).toBe('2024-04-30T10:00:00.000Z');
    expect(await shift('months', 1)).toBe('2024-02-29T10:00:00.000Z');
    expect(await shift('weeks', 2)).toBe('2024-02-14T10:00:00.000Z');
    expect(await shift('days', 1)).toBe('2024-02-01T10:00:00.000Z');
    expect(await shift('hours', 36)).toBe('2024-02-01T22:00:00.000Z');
    expect(await shift('minutes', 90)).toBe('2024-01-31T11:30:00.000Z');
    expect(await shift('seconds', 5)).toBe('2024-01-31T10:00:05.000Z');
    expect(await shift('milliseconds', 7)).toBe('2024-01-31T10:00:00.007Z');
    expect(await shift('days', 31, 'subtractFromDate')).toBe('2023-12-31T10:00:00.000Z');
    expect(await shift('months', 1, 'subtractFromDate')).toBe('2023-12-31T10:00:00.000Z');
  });

  it('reads ISO text, YYYY-MM-DD in the time zone, epoch ms, digit text, RFC 2822 and fromFormat', async () => {
    const plus0 = (date: unknown, options: Record<string, unknown> = {}) =>
      value({ operation: 'addToDate', date, duration: 0, options });
    expect(await plus0('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
    expect(await plus0('2024-05-01', { timezone: 'Europe/Oslo' })).toBe('2024-05-01T00:00:00.000+02:00');
    expect(await plus0('2024-05-01T12:00:00+02:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(await plus0(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(await plus0('86400000')).toBe('1970-01-02T00:00:00.000Z');
    expect(await plus0('Wed, 01 May 2024 10:00:00 +0000')).toBe('2024-05-01T10:00:00.000Z');
    expect(await plus0('17.05.2024', { fromFormat: 'dd.MM.yyyy' })).toBe('2024-05-17T00:00:00.000Z');
  });

  it('formats with every preset and a custom Luxon format', async () => {
    const date = '2024-01-05T10:20:30.400Z';
    const format = async (format: string, customFormat?: string) =>
      (await run({ operation: 'format', date, format, customFormat }))[0]?.formattedDate;
    expect(await format('MM/dd/yyyy')).toBe('01/05/2024');
    expect(await format('yyyy/MM/dd')).toBe('2024/01/05');
    expect(await format('MMMM dd yyyy')).toBe('January 05 2024');
    expect(await format('MM-dd-yyyy')).toBe('01-05-2024');
    expect(await format('yyyy-MM-dd')).toBe('2024-01-05');
    expect(await format('X')).toBe('1704450030');
    expect(await format('x')).toBe('1704450030400');
    expect(await format('custom', "EEE d MMM yyyy 'at' HH:mm")).toBe('Fri 5 Jan 2024 at 10:20');
    expect(await value({ operation: 'format', date, options: { timezone: 'America/New_York' } })).toBe(
      '01/05/2024',
    );
    expect(
      await value({
        operation: 'format',
        date,
        format: 'custom',
        customFormat: 'HH:mm ZZ',
        options: { timezone: 'Asia/Kolkata' },
      }),
    ).toBe('15:50 +05:30');
  });

  it('rounds down and up to every unit', async () => {
    const date = '2024-05-17T13:45:30.250Z';
    const round = async (toNearest: string, mode?: string) =>
      (await run({ operation: 'roundDate', date, toNearest, ...(mode ? { mode } : {}) }))[0]?.roundedDate;
    expect(await round('year')).toBe('2024-01-01T00:00:00.000Z');
    expect(await round('month')).toBe('2024-05-01T00:00:00.000Z');
    expect(await round('week')).toBe('2024-05-13T00:00:00.000Z');
    expect(await round('day')).toBe('2024-05-17T00:00:00.000Z');
    expect(await round('hour')).toBe('2024-05-17T13:00:00.000Z');
    expect(await round('minute')).toBe('2024-05-17T13:45:00.000Z');
    expect(await round('second')).toBe('2024-05-17T13:45:30.000Z');
    expect(await round('year', 'roundUp')).toBe('2025-01-01T00:00:00.000Z');
    expect(await round('week', 'roundUp')).toBe('2024-05-20T00:00:00.000Z');
    expect(await round('hour', 'roundUp')).toBe('2024-05-17T14:00:00.000Z');
    const exact = await value({
      operation: 'roundDate',
      date: '2024-05-17',
      toNearest: 'day',
      mode: 'roundUp',
    });
    expect(exact).toBe('2024-05-17T00:00:00.000Z');
  });

  it('gets the time between dates in chosen units, as an object or ISO duration', async () => {
    const between = {
      operation: 'getTimeBetweenDates',
      startDate: '2024-01-01',
      endDate: '2025-03-04T06:30:00Z',
    };
    expect((await run(between))[0]?.timeDifference).toEqual({ days: 428.2708333333333 });
    expect(await value({ ...between, units: ['year', 'month', 'day', 'hour'] })).toEqual({
      years: 1,
      months: 2,
      days: 3,
      hours: 6.5,
    });
    expect(await value({ ...between, units: ['week', 'minute'] })).toEqual({ weeks: 61, minutes: 1830 });
    expect(
      await value({ ...between, endDate: '2024-01-01T00:00:01.500Z', units: ['second', 'millisecond'] }),
    ).toEqual({ seconds: 1, milliseconds: 500 });
    expect(await value({ ...between, units: ['day', 'hour'], options: { isoString: true } })).toBe(
      'P428DT6.5H',
    );
    expect(
      await value({ ...between, startDate: between.endDate, endDate: between.startDate, units: 'day' }),
    ).toEqual({
      days: -428.2708333333333,
    });
  });

  it('extracts every part of a date in the time zone', async () => {
    const date = '2024-12-31T23:30:15Z';
    const part = async (part: string, timezone?: string) =>
      (await run({ operation: 'extractDate', date, part, options: { timezone } }))[0]?.datePart;
    expect(await part('year')).toBe(2024);
    expect(await part('month')).toBe(12);
    expect(await part('week')).toBe(1);
    expect(await part('day')).toBe(31);
    expect(await part('hour')).toBe(23);
    expect(await part('minute')).toBe(30);
    expect(await part('second')).toBe(15);
    expect(await part('year', 'Europe/Oslo')).toBe(2025);
  });

  it('writes to a nested output field', async () => {
    expect(await run({ outputFieldName: 'meta.at' })).toEqual([
      { keep: 1, meta: { at: '2024-05-17T13:45:30.250Z' } },
    ]);
  });

  it('names the field and item of invalid dates', async () => {
    expect(await fail({ operation: 'format', date: 'next tuesday' })).toBe(
      '"date" (item 1): "next tuesday" is not a valid date',
    );
    expect(await fail({ operation: 'addToDate', date: '' })).toBe('"date" (item 1): "" is not a valid date');
    expect(await fail({ operation: 'getTimeBetweenDates', startDate: '2024-01-01', endDate: null })).toBe(
      '"endDate" (item 1): null is not a valid date',
    );
    expect(await fail({ operation: 'extractDate', date: '2024-13-01' })).toBe(
      '"date" (item 1): "2024-13-01" is not a valid date',
    );
    expect(
      await fail({ operation: 'format', date: '2024/05/17', options: { fromFormat: 'dd.MM.yyyy' } }),
    ).toBe('"date" (item 1): "2024/05/17" is not a valid date in the format "dd.MM.yyyy"');
  });

  it('rejects unknown operations, units, formats, time zones and durations', async () => {
    const date = '2024-05-17';
    expect(await fail({ operation: 'parse' })).toContain(
      '"operation" (item 1) must be one of getCurrentDate,',
    );
    expect(await fail({ options: { timezone: 'Mars/Base' } })).toBe(
      '"options.timezone" (item 1): unknown time zone "Mars/Base"',
    );
    expect(await fail({ operation: 'addToDate', date, timeUnit: 'fortnights' })).toContain(
      '"timeUnit" (item 1) must be one of years,',
    );
    expect(await fail({ operation: 'addToDate', date, duration: 'lots' })).toBe(
      '"duration" (item 1) must be a number',
    );
    expect(await fail({ operation: 'roundDate', date, toNearest: 'decade' })).toContain(
      '"toNearest" (item 1)',
    );
    expect(await fail({ operation: 'roundDate', date, mode: 'nearest' })).toContain('"mode" (item 1)');
    expect(await fail({ operation: 'extractDate', date, part: 'era' })).toContain('"part" (item 1)');
    expect(
      await fail({ operation: 'getTimeBetweenDates', startDate: date, endDate: date, units: ['fortnight'] }),
    ).toContain('"units[0]" (item 1) must be one of year,');
    expect(await fail({ operation: 'getTimeBetweenDates', startDate: date, endDate: date, units: [] })).toBe(
      '"units" (item 1) needs at least one unit',
    );
    expect(await fail({ operation: 'format', date, format: 'dd' })).toBe(
      '"format" (item 1) must be custom or one of MM/dd/yyyy, yyyy/MM/dd, MMMM dd yyyy, MM-dd-yyyy, yyyy-MM-dd, X, x, not "dd"',
    );
    expect(await fail({ operation: 'format', date, format: 'custom', customFormat: '' })).toBe(
      '"customFormat" (item 1) must be a format in Luxon tokens, not ""',
    );
  });
});
