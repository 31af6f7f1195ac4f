import { defineNode, derivedItem } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import {
  type DateOperation,
  dateOperations,
  dateUnits,
  defaultOutputFields,
  differenceUnits,
  durationUnits,
  formatPresets,
  runDateOperation,
} from './date-time-operations.js';
import { choice } from './shared/choice.js';
import { resolveTimezone } from './shared/date-values.js';
import { setField } from './shared/field-path.js';

const when = (...operation: DateOperation[]) => ({ show: { operation } });
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const unitOptions = (units: readonly string[]) =>
  units.map((unit) => ({ name: capitalized(unit), value: unit }));

const properties: PropertySpec[] = [
  {
    name: 'operation',
    displayName: 'Operation',
    type: 'options',
    default: 'getCurrentDate',
    description: 'What to do with dates',
    options: [
      { name: 'Get Current Date', value: 'getCurrentDate', description: 'The date and time now' },
      { name: 'Add to a Date', value: 'addToDate', description: 'A date plus a duration' },
      { name: 'Subtract From a Date', value: 'subtractFromDate', description: 'A date minus a duration' },
      { name: 'Format a Date', value: 'format', description: 'A date written in a chosen format' },
      { name: 'Round a Date', value: 'roundDate', description: 'A date rounded down or up to a unit' },
      {
        name: 'Get Time Between Dates',
        value: 'getTimeBetweenDates',
        description: 'The duration between two dates',
      },
      {
        name: 'Extract Part of a Date',
        value: 'extractDate',
        description: 'The year, month, day… of a date',
      },
    ],
  },
  {
    name: 'includeTime',
    displayName: 'Include Current Time',
    type: 'boolean',
    default: true,
    description: 'Whether to keep the time of day; off gives midnight today',
    displayOptions: when('getCurrentDate'),
  },
  {
    name: 'date',
    displayName: 'Date',
    type: 'string',
    default: '',
    placeholder: 'e.g. 2024-05-01T10:00:00Z',
    description: 'Date as ISO text, YYYY-MM-DD or epoch milliseconds',
    displayOptions: when('addToDate', 'subtractFromDate', 'format', 'roundDate', 'extractDate'),
  },
  {
    name: 'timeUnit',
    displayName: 'Time Unit',
    type: 'options',
    default: 'days',
    description: 'Unit of the duration',
    options: unitOptions(durationUnits),
    displayOptions: when('addToDate', 'subtractFromDate'),
  },
  {
    name: 'duration',
    displayName: 'Duration',
    type: 'number',
    default: 0,
    description: 'How many units to add or subtract',
    displayOptions: when('addToDate', 'subtractFromDate'),
  },
  {
    name: 'format',
    displayName: 'Format',
    type: 'options',
    default: 'MM/dd/yyyy',
    description: 'How to write the date',
    options: [
      { name: 'Custom Format', value: 'custom', description: 'Give your own Luxon tokens' },
      ...formatPresets.map((preset) => ({
        name: preset === 'X' ? 'Unix Timestamp (s)' : preset === 'x' ? 'Unix Timestamp (ms)' : preset,
        value: preset,
      })),
    ],
    displayOptions: when('format'),
  },
  {
    name: 'customFormat',
    displayName: 'Custom Format',
    type: 'string',
    default: '',
    placeholder: "e.g. yyyy-MM-dd'T'HH:mm",
    description: 'Format in Luxon tokens (yyyy year, MM month, dd day, HH hour, mm minute)',
    displayOptions: { show: { operation: ['format'], format: ['custom'] } },
  },
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'roundDown',
    description: 'Round to the start of the unit, or to the start of the next one',
    options: [
      { name: 'Round Down', value: 'roundDown' },
      { name: 'Round Up', value: 'roundUp' },
    ],
    displayOptions: when('roundDate'),
  },
  {
    name: 'toNearest',
    displayName: 'To Nearest',
    type: 'options',
    default: 'day',
    description: 'Unit to round to',
    options: unitOptions(dateUnits),
    displayOptions: when('roundDate'),
  },
  {
    name: 'startDate',
    displayName: 'Start Date',
    type: 'string',
    default: '',
    description: 'Earlier date (a later one gives negative amounts)',
    displayOptions: when('getTimeBetweenDates'),
  },
  {
    name: 'endDate',
    displayName: 'End Date',
    type: 'string',
    default: '',
    description: 'Later date',
    displayOptions: when('getTimeBetweenDates'),
  },
  {
    name: 'units',
    displayName: 'Units',
    type: 'multiOptions',
    default: ['day'],
    description: 'Units to express the difference in; the smallest may be fractional',
    options: unitOptions(differenceUnits),
    displayOptions: when('getTimeBetweenDates'),
  },
  {
    name: 'part',
    displayName: 'Part',
    type: 'options',
    default: 'month',
    description: 'Part of the date to extract (week is the ISO week number)',
    options: unitOptions(dateUnits),
    displayOptions: when('extractDate'),
  },
  {
    name: 'outputFieldName',
    displayName: 'Output Field Name',
    type: 'string',
    default: '',
    description:
      'Field that receives the result; blank: currentDate, newDate, formattedDate, roundedDate, timeDifference or datePart',
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'timezone',
        displayName: 'Time Zone',
        type: 'string',
        default: '',
        placeholder: 'e.g. Europe/Oslo',
        description:
          "IANA time zone of input dates without an offset and of the output; blank: the workflow's",
      },
      {
        name: 'fromFormat',
        displayName: 'From Date Format',
        type: 'string',
        default: '',
        placeholder: 'e.g. dd.MM.yyyy',
        description: 'Luxon format of text input dates, when they are not ISO',
      },
      {
        name: 'isoString',
        displayName: 'Output as ISO String',
        type: 'boolean',
        default: false,
        description:
          'Whether a time difference is written as an ISO 8601 duration (P1DT2H) instead of an object',
      },
    ],
  },
];

/** Date & Time: gets, shifts, formats, rounds, compares and takes apart dates, per item (Luxon). */
export const dateTimeNode = defineNode({
  type: 'core.dateTime',
  version: 1,
  displayName: 'Date & Time',
  description: 'Works with dates: now, add, subtract, format, round, difference, extract',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    return [
      (inputs[0] ?? []).map((item, itemIndex) => {
        const operation = choice(
          ctx.getParameter('operation', itemIndex),
          dateOperations,
          'operation',
          itemIndex,
        );
        const zone = resolveTimezone(ctx.getParameter('options.timezone', itemIndex), ctx.workflow.timezone, {
          parameter: 'options.timezone',
          itemIndex,
        });
        const fromFormat = ctx.getParameter<unknown>('options.fromFormat', itemIndex);
        const value = runDateOperation(
          operation,
          {
            ctx,
            itemIndex,
            zone,
            fromFormat: typeof fromFormat === 'string' && fromFormat !== '' ? fromFormat : undefined,
          },
          ctx.now(),
        );
        const field = ctx.getParameter<unknown>('outputFieldName', itemIndex);
        const json = { ...item.json };
        setField(
          json,
          typeof field === 'string' && field.trim() !== '' ? field.trim() : defaultOutputFields[operation],
          value,
        );
        return derivedItem(item, itemIndex, json);
      }),
    ];
  },
});
