import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import type { DateTime, DurationUnit } from 'luxon';
import { choice } from './shared/choice.js';
import { parseDateValue } from './shared/date-values.js';
import { invalidParameter } from './shared/parameter-error.js';

/** What the Date & Time node does. */
export type DateOperation =
  | 'getCurrentDate'
  | 'addToDate'
  | 'subtractFromDate'
  | 'format'
  | 'roundDate'
  | 'getTimeBetweenDates'
  | 'extractDate';

/** Every {@link DateOperation}. */
export const dateOperations: readonly DateOperation[] = [
  'getCurrentDate',
  'addToDate',
  'subtractFromDate',
  'format',
  'roundDate',
  'getTimeBetweenDates',
  'extractDate',
];

/** The output field of each operation when none is given (n8n's names). */
export const defaultOutputFields: Record<DateOperation, string> = {
  getCurrentDate: 'currentDate',
  addToDate: 'newDate',
  subtractFromDate: 'newDate',
  format: 'formattedDate',
  roundDate: 'roundedDate',
  getTimeBetweenDates: 'timeDifference',
  extractDate: 'datePart',
};

/** Units a duration can be added in. */
export const durationUnits = [
  'years',
  'quarters',
  'months',
  'weeks',
  'days',
  'hours',
  'minutes',
  'seconds',
  'milliseconds',
] as const;

/** Units of a date part, rounding or difference (singular, like n8n). */
export const dateUnits = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
type DateUnit = (typeof dateUnits)[number];

/** Units a time difference can be expressed in. */
export const differenceUnits = [...dateUnits, 'millisecond'] as const;

/** Preset formats of the format operation (Luxon tokens); `X`/`x` are Unix seconds/milliseconds. */
export const formatPresets = [
  'MM/dd/yyyy',
  'yyyy/MM/dd',
  'MMMM dd yyyy',
  'MM-dd-yyyy',
  'yyyy-MM-dd',
  'X',
  'x',
];

/** Reads parameters of one item and the date values they name. */
export interface DateInputs {
  ctx: NodeExecutionContext;
  itemIndex: number;
  zone: string;
  fromFormat: string | undefined;
}

function dateParameter(input: DateInputs, name: string): DateTime {
  const value = input.ctx.getParameter<unknown>(name, input.itemIndex);
  return parseDateValue(value, input.zone, { parameter: name, itemIndex: input.itemIndex }, input.fromFormat);
}

function option<T extends string>(input: DateInputs, name: string, allowed: readonly T[]): T {
  return choice(input.ctx.getParameter(name, input.itemIndex), allowed, name, input.itemIndex);
}

function shifted(input: DateInputs, sign: 1 | -1): DateTime {
  const date = dateParameter(input, 'date');
  const unit = option(input, 'timeUnit', durationUnits);
  const amount = Number(input.ctx.getParameter('duration', input.itemIndex));
  if (!Number.isFinite(amount)) {
    throw invalidParameter(`"duration" (item ${input.itemIndex}) must be a number`, {
      parameter: 'duration',
      itemIndex: input.itemIndex,
    });
  }
  return date.plus({ [unit]: sign * amount });
}

function rounded(input: DateInputs): DateTime {
  const date = dateParameter(input, 'date');
  const unit = option(input, 'toNearest', dateUnits);
  const down = date.startOf(unit);
  if (option(input, 'mode', ['roundDown', 'roundUp']) === 'roundDown' || down.equals(date)) return down;
  return down.plus({ [unit]: 1 });
}

function between(input: DateInputs): Record<string, number> | string {
  const start = dateParameter(input, 'startDate');
  const end = dateParameter(input, 'endDate');
  const raw = input.ctx.getParameter<unknown>('units', input.itemIndex);
  const units = (Array.isArray(raw) ? raw : [raw]).map((unit, index) =>
    choice(unit, differenceUnits, `units[${index}]`, input.itemIndex),
  );
  if (units.length === 0) {
    throw invalidParameter(`"units" (item ${input.itemIndex}) needs at least one unit`, {
      parameter: 'units',
      itemIndex: input.itemIndex,
    });
  }
  const difference = end.diff(
    start,
    units.map((unit) => `${unit}s` as DurationUnit),
  );
  if (input.ctx.getParameter('options.isoString', input.itemIndex, false)) return difference.toISO() ?? '';
  return difference.toObject() as Record<string, number>;
}

function extracted(input: DateInputs): number {
  const date = dateParameter(input, 'date');
  const part: DateUnit = option(input, 'part', dateUnits);
  return part === 'week' ? date.weekNumber : date[part];
}

function formatted(input: DateInputs): string {
  const date = dateParameter(input, 'date');
  const format = input.ctx.getParameter<unknown>('format', input.itemIndex);
  const tokens =
    format === 'custom' ? input.ctx.getParameter<unknown>('customFormat', input.itemIndex) : format;
  if (
    typeof tokens !== 'string' ||
    tokens === '' ||
    (format !== 'custom' && !formatPresets.includes(tokens))
  ) {
    const parameter = format === 'custom' ? 'customFormat' : 'format';
    throw invalidParameter(
      `"${parameter}" (item ${input.itemIndex}) must be ${parameter === 'format' ? `custom or one of ${formatPresets.join(', ')}` : 'a format in Luxon tokens'}, not ${JSON.stringify(tokens)}`,
      { parameter, itemIndex: input.itemIndex },
    );
  }
  return date.toFormat(tokens);
}

const iso = (date: DateTime): string => date.toISO() ?? '';

/** Runs one operation for one item; dates come out as ISO text in the chosen time zone. */
export function runDateOperation(operation: DateOperation, input: DateInputs, now: number): unknown {
  switch (operation) {
    case 'getCurrentDate': {
      const current = parseDateValue(now, input.zone, { parameter: 'now', itemIndex: input.itemIndex });
      const includeTime = input.ctx.getParameter('includeTime', input.itemIndex, true);
      return iso(includeTime ? current : current.startOf('day'));
    }
    case 'addToDate':
      return iso(shifted(input, 1));
    case 'subtractFromDate':
      return iso(shifted(input, -1));
    case 'format':
      return formatted(input);
    case 'roundDate':
      return iso(rounded(input));
    case 'getTimeBetweenDates':
      return between(input);
    case 'extractDate':
      return extracted(input);
  }
}
