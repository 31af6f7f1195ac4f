import { dateTimeNode } from '@klikkflow/nodes';
import { jsonOf, runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { dateTimeExport, dateTimeMappings } from './date-time.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const now = Date.parse('2024-05-17T10:20:30Z');

/** Maps a Date & Time node and runs it on one item (workflow time zone UTC). */
async function run(
  version: number,
  parameters: Record<string, unknown>,
  item: Record<string, unknown> = { id: 1 },
) {
  const mapped = mapN8nNode(dateTimeMappings, 'n8n-nodes-base.dateTime', version, parameters);
  const { outputs } = await runNode(dateTimeNode, { parameters: mapped.parameters, items: [item], now });
  return { json: jsonOf(outputs[0])[0], warnings: mapped.warnings, parameters: mapped.parameters };
}

const inputFieldsWarning =
  'the output keeps the input fields (n8n outputs only the result unless "Include Input Fields" is on)';

describe('Date & Time v2', () => {
  it('subtracts a duration from a date into the named field', async () => {
    const { json, warnings } = await run(2, {
      options: {},
      duration: 30,
      timeUnit: 'seconds',
      magnitude: '2024-05-01T10:00:00Z',
      operation: 'subtractFromDate',
      outputFieldName: 'last_execution_date',
    });
    expect(json).toEqual({ id: 1, last_execution_date: '2024-05-01T09:59:30.000Z' });
    expect(warnings).toEqual([inputFieldsWarning]);
  });

  it('gets the current date by default, and the time between two dates in days', async () => {
    expect((await run(2, { options: {}, outputFieldName: 'startDateTime' })).json).toEqual({
      id: 1,
      startDateTime: '2024-05-17T10:20:30.000Z',
    });
    const between = await run(2, {
      operation: 'getTimeBetweenDates',
      startDate: '2024-05-01T00:00:00Z',
      endDate: '2024-05-02T12:00:00Z',
      options: { includeInputFields: true },
    });
    expect(between.json).toEqual({ id: 1, timeDifference: { days: 1.5 } });
    expect(between.warnings).toEqual([]);
  });

  it('rounds down to the month by default and up to the end of the month, and extracts the month', async () => {
    const date = '2024-05-17T10:20:30Z';
    expect((await run(2, { operation: 'roundDate', date })).json).toMatchObject({
      roundedDate: '2024-05-01T00:00:00.000Z',
    });
    expect((await run(2, { operation: 'roundDate', date, mode: 'roundUp' })).json).toMatchObject({
      roundedDate: '2024-06-01T00:00:00.000Z',
    });
    expect((await run(2, { operation: 'extractDate', date })).json).toMatchObject({ datePart: 5 });
  });

  it('formats with a preset or custom Luxon format, and warns about the time zone it formats in', async () => {
    const custom = await run(2, {
      operation: 'formatDate',
      date: '2024-05-17T10:20:30Z',
      format: 'custom',
      customFormat: "dd.MM.yyyy 'at' HH:mm",
      options: { includeInputFields: true },
    });
    expect(custom.json).toEqual({ id: 1, formattedDate: '17.05.2024 at 10:20' });
    expect(custom.warnings).toEqual([
      "dates are formatted in the workflow's time zone (n8n keeps a date's own UTC offset)",
    ]);
    const preset = await run(2, {
      operation: 'formatDate',
      date: '2024-05-17',
      options: { timezone: true, includeInputFields: true },
    });
    expect(preset.json).toMatchObject({ formattedDate: '05/17/2024' });
    expect(preset.warnings).toEqual([]);
  });

  it('exports as Date & Time 2 with n8n’s names, keeping the input fields as the native node does', () => {
    const n8n = {
      operation: 'subtractFromDate',
      magnitude: '={{ $json.timestamp }}',
      duration: 30,
      timeUnit: 'seconds',
      outputFieldName: 'last',
      options: {},
    };
    const native = mapN8nNode(dateTimeMappings, 'n8n-nodes-base.dateTime', 2, n8n).parameters;
    expect(exportNativeNode([dateTimeExport], 'core.dateTime', native)).toEqual({
      n8nType: 'n8n-nodes-base.dateTime',
      typeVersion: 2,
      parameters: { ...n8n, options: { includeInputFields: true } },
    });
    const round = {
      operation: 'roundDate',
      date: '2024-05-17',
      mode: 'roundUp',
      to: 'month',
      options: { includeInputFields: true },
    };
    expect(
      exportNativeNode(
        [dateTimeExport],
        'core.dateTime',
        mapN8nNode(dateTimeMappings, 'n8n-nodes-base.dateTime', 2, round).parameters,
      ).parameters,
    ).toEqual(round);
  });
});

describe('Date & Time v1 (Moment.js formats)', () => {
  it('formats with a preset into "data", keeping the item, by default', async () => {
    const { json } = await run(1, { value: '2024-05-17T10:20:00Z', toFormat: 'YYYY-MM-DD' });
    expect(json).toEqual({ id: 1, data: '2024-05-17' });
    expect((await run(1, { value: '2024-05-17T10:20:00Z' })).json).toMatchObject({ data: '05/17/2024' });
  });

  it('converts a custom Moment.js format, and refuses tokens Luxon cannot write', async () => {
    const { json } = await run(1, {
      value: '2024-05-17T10:20:00Z',
      custom: true,
      toFormat: 'DD.MM.YYYY [at] HH:mm',
      dataPropertyName: 'when',
      options: { toTimezone: 'Europe/Oslo' },
    });
    expect(json).toEqual({ id: 1, when: '17.05.2024 at 12:20' });
    expect(() =>
      mapN8nNode(dateTimeMappings, 'n8n-nodes-base.dateTime', 1, { custom: true, toFormat: 'Do MMMM' }),
    ).toThrow(
      new UnsupportedVariantError(
        'its date format uses the Moment.js token "Do", which has no Luxon equivalent',
      ),
    );
  });

  it('adds and subtracts, writing UTC ISO text', async () => {
    const add = await run(1, {
      action: 'calculate',
      value: '2024-05-17T10:20:00+02:00',
      duration: 2,
      timeUnit: 'days',
    });
    expect(add.json).toEqual({ id: 1, data: '2024-05-19T08:20:00.000Z' });
    const subtract = await run(1, {
      action: 'calculate',
      value: '2024-05-17T10:20:00Z',
      operation: 'subtract',
      duration: 3,
      timeUnit: 'hours',
    });
    expect(subtract.json).toMatchObject({ data: '2024-05-17T07:20:00.000Z' });
  });
});
