import { momentToLuxon } from './moment-format.js';
import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isExpression, recordAt } from './parameter-shapes.js';

const DATE_TIME = 'core.dateTime';

/** Date & Time v1's preset formats (Moment.js) and the native presets (Luxon) that write the same. */
const v1Presets: Record<string, string> = {
  'MM/DD/YYYY': 'MM/dd/yyyy',
  'YYYY/MM/DD': 'yyyy/MM/dd',
  'MMMM DD YYYY': 'MMMM dd yyyy',
  'MM-DD-YYYY': 'MM-dd-yyyy',
  'YYYY-MM-DD': 'yyyy-MM-dd',
  X: 'X',
  x: 'x',
};

/** A Moment.js format from a v1 node; an expression can only be converted at run time. */
function luxonFormat(format: unknown, what: string): string {
  if (isExpression(format))
    return unsupportedVariant(`its ${what} is an expression, written in Moment.js tokens`);
  return momentToLuxon(String(format));
}

/** v1's "From Format" (Moment.js) as the native option, when set. */
function fromFormatOption(fromFormat: unknown): NativeParameters {
  return typeof fromFormat === 'string' && fromFormat !== ''
    ? { fromFormat: luxonFormat(fromFormat, '"From Format"') }
    : {};
}

function v1Format(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { fromFormat, fromTimezone, toTimezone } = recordAt(parameters, 'options');
  if (fromTimezone && fromTimezone !== toTimezone) {
    context.warn(
      'the date is read and written in one time zone (n8n read it in "From Timezone" and wrote it in "To Timezone")',
    );
  }
  const preset = parameters.custom === true ? undefined : v1Presets[String(parameters.toFormat)];
  return {
    operation: 'format',
    date: parameters.value,
    ...(preset
      ? { format: preset }
      : { format: 'custom', customFormat: luxonFormat(parameters.toFormat, 'format') }),
    outputFieldName: parameters.dataPropertyName,
    options: {
      ...(typeof (toTimezone ?? fromTimezone) === 'string' && { timezone: toTimezone ?? fromTimezone }),
      ...fromFormatOption(fromFormat),
    },
  };
}

/** v1 "calculate": the result is written as UTC ISO text, as n8n's Moment.js `utc()` date serialises. */
function v1Calculate(parameters: N8nParameters): NativeParameters {
  const { fromFormat } = recordAt(parameters, 'options');
  return {
    operation: parameters.operation === 'subtract' ? 'subtractFromDate' : 'addToDate',
    date: parameters.value,
    duration: parameters.duration,
    timeUnit: parameters.timeUnit,
    outputFieldName: parameters.dataPropertyName,
    options: { timezone: 'UTC', ...fromFormatOption(fromFormat) },
  };
}

function v1ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  return parameters.action === 'calculate' ? v1Calculate(parameters) : v1Format(parameters, context);
}

/** The parameters of one v2 operation, in native names. */
function v2Operation(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  switch (parameters.operation) {
    case 'addToDate':
    case 'subtractFromDate':
      return { date: parameters.magnitude, timeUnit: parameters.timeUnit, duration: parameters.duration };
    case 'formatDate':
      // n8n keeps a date's own UTC offset unless "Use Workflow Timezone" is on; KlikkFlow always uses the workflow's.
      if (options.timezone !== true) {
        context.warn("dates are formatted in the workflow's time zone (n8n keeps a date's own UTC offset)");
      }
      return {
        date: parameters.date,
        format: parameters.format,
        ...(parameters.format === 'custom' && { customFormat: parameters.customFormat }),
        options: { ...(options.fromFormat !== undefined && { fromFormat: options.fromFormat }) },
      };
    case 'roundDate':
      // n8n rounds up only to the end of a month ("to"); down to any unit ("toNearest").
      return {
        date: parameters.date,
        mode: parameters.mode,
        toNearest: parameters.mode === 'roundUp' ? parameters.to : parameters.toNearest,
      };
    case 'getTimeBetweenDates':
      return {
        startDate: parameters.startDate,
        endDate: parameters.endDate,
        units: parameters.units,
        options: { ...(options.isoString !== undefined && { isoString: options.isoString }) },
      };
    case 'extractDate':
      return { date: parameters.date, part: parameters.part };
    default:
      return {
        includeTime: parameters.includeTime,
        options: { ...(options.timezone !== undefined && { timezone: options.timezone }) },
      };
  }
}

function v2ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (recordAt(parameters, 'options').includeInputFields !== true) {
    context.warn(
      'the output keeps the input fields (n8n outputs only the result unless "Include Input Fields" is on)',
    );
  }
  const { operation, outputFieldName } = parameters;
  return {
    operation: operation === 'formatDate' ? 'format' : operation,
    ...(outputFieldName !== undefined && { outputFieldName }),
    options: {},
    ...v2Operation(parameters, context),
  };
}

/** n8n → KlikkFlow for Date & Time v1 (Moment.js formats) and v2 (Luxon, the native node's model). */
export const dateTimeMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.dateTime',
    minVersion: 1,
    maxVersion: 1,
    nativeType: DATE_TIME,
    defaults: {
      action: 'format',
      value: '',
      dataPropertyName: 'data',
      custom: false,
      toFormat: 'MM/DD/YYYY',
      operation: 'add',
      duration: 0,
      timeUnit: 'days',
      options: {},
    },
    toNative: v1ToNative,
  },
  {
    n8nType: 'n8n-nodes-base.dateTime',
    minVersion: 2,
    maxVersion: 2,
    nativeType: DATE_TIME,
    defaults: {
      operation: 'getCurrentDate',
      includeTime: true,
      magnitude: '',
      timeUnit: 'days',
      duration: 0,
      date: '',
      format: 'MM/dd/yyyy',
      customFormat: '',
      mode: 'roundDown',
      toNearest: 'month',
      to: 'month',
      startDate: '',
      endDate: '',
      units: ['day'],
      part: 'month',
      options: {},
    },
    toNative: v2ToNative,
  },
];

/** Native → Date & Time 2: its own names where they differ, and the input fields kept as natively. */
function dateTimeToN8n(parameters: NativeParameters): N8nParameters {
  const { operation, date, toNearest, mode, options, ...rest } = parameters;
  const { timezone, fromFormat, isoString } = recordAt(parameters, 'options');
  const renamed: N8nParameters = { ...rest, operation: operation === 'format' ? 'formatDate' : operation };
  if (operation === 'addToDate' || operation === 'subtractFromDate') renamed.magnitude = date;
  else if (date !== undefined) renamed.date = date;
  if (operation === 'roundDate')
    Object.assign(renamed, mode === 'roundUp' ? { mode, to: toNearest } : { mode, toNearest });
  const n8nOptions: N8nParameters = { includeInputFields: true };
  if (operation === 'getCurrentDate' && timezone) n8nOptions.timezone = timezone;
  if (operation === 'format' && fromFormat !== undefined) n8nOptions.fromFormat = fromFormat;
  if (operation === 'getTimeBetweenDates' && isoString !== undefined) n8nOptions.isoString = isoString;
  return { ...renamed, options: n8nOptions };
}

/** KlikkFlow → n8n: Date & Time 2. */
export const dateTimeExport: ExportMapping = {
  nativeType: DATE_TIME,
  n8nType: 'n8n-nodes-base.dateTime',
  typeVersion: 2,
  toN8n: dateTimeToN8n,
};
