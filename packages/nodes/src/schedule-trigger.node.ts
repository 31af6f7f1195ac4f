import { defineNode } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import { DateTime } from 'luxon';
import { nextRuns, type ScheduleField } from './schedule.js';
import { invalidParameter } from './shared/parameter-error.js';

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function ordinal(day: number): string {
  const suffix = day % 100 >= 11 && day % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return `${day}${suffix}`;
}

/**
 * The item a schedule run emits, with n8n's field names: `timestamp` (ISO with offset) and readable parts
 * in the workflow's zone, e.g. `Readable date: "March 5th 2024, 2:30:00 pm"`, `Timezone: "Europe/Berlin
 * (UTC+01:00)"`.
 */
export function scheduleTriggerItem(epochMs: number, timezone: string): Record<string, unknown> {
  const at = DateTime.fromMillis(epochMs, { zone: timezone }).setLocale('en-US');
  if (!at.isValid)
    throw invalidParameter(`unknown time zone ${JSON.stringify(timezone)}`, { parameter: 'timezone' });
  const time = at.toFormat('h:mm:ss a').toLowerCase();
  return {
    timestamp: at.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"),
    'Readable date': `${at.toFormat('MMMM')} ${ordinal(at.day)} ${at.year}, ${time}`,
    'Readable time': time,
    'Day of week': at.toFormat('cccc'),
    Year: at.toFormat('yyyy'),
    Month: at.toFormat('MMMM'),
    'Day of month': at.toFormat('dd'),
    Hour: at.toFormat('HH'),
    Minute: at.toFormat('mm'),
    Second: at.toFormat('ss'),
    Timezone: `${timezone} (UTC${at.toFormat('ZZ')})`,
  };
}

const when = (...field: ScheduleField[]) => ({ show: { field } });

const intervalProperties: PropertySpec[] = [
  {
    name: 'field',
    displayName: 'Trigger Interval',
    type: 'options',
    default: 'days',
    description: 'What kind of schedule this rule is',
    options: [
      { name: 'Seconds', value: 'seconds' },
      { name: 'Minutes', value: 'minutes' },
      { name: 'Hours', value: 'hours' },
      { name: 'Days', value: 'days' },
      { name: 'Weeks', value: 'weeks' },
      { name: 'Months', value: 'months' },
      { name: 'Custom (Cron)', value: 'cronExpression' },
    ],
  },
  ...(
    [
      ['secondsInterval', 'Seconds Between Triggers', 30, 59, 'seconds'],
      ['minutesInterval', 'Minutes Between Triggers', 5, 59, 'minutes'],
      ['hoursInterval', 'Hours Between Triggers', 1, 23, 'hours'],
      ['daysInterval', 'Days Between Triggers', 1, 366, 'days'],
      ['weeksInterval', 'Weeks Between Triggers', 1, 52, 'weeks'],
      ['monthsInterval', 'Months Between Triggers', 1, 120, 'months'],
    ] as const
  ).map(
    ([name, displayName, fallback, max, field]): PropertySpec => ({
      name,
      displayName,
      type: 'number',
      default: fallback,
      description: `Fire every this many ${field}`,
      typeOptions: { minValue: 1, maxValue: max },
      displayOptions: when(field),
    }),
  ),
  {
    name: 'triggerAtDayOfMonth',
    displayName: 'Trigger at Day of Month',
    type: 'number',
    default: 1,
    description: 'Day of the month to fire on (months without it are skipped)',
    typeOptions: { minValue: 1, maxValue: 31 },
    displayOptions: when('months'),
  },
  {
    name: 'triggerAtDay',
    displayName: 'Trigger on Weekdays',
    type: 'multiOptions',
    default: [0],
    description: 'Days of the week to fire on',
    options: weekdayNames.map((name, value) => ({ name, value })),
    displayOptions: when('weeks'),
  },
  {
    name: 'triggerAtHour',
    displayName: 'Trigger at Hour',
    type: 'number',
    default: 0,
    description: 'Hour of the day (0-23) in the workflow’s time zone',
    typeOptions: { minValue: 0, maxValue: 23 },
    displayOptions: when('days', 'weeks', 'months'),
  },
  {
    name: 'triggerAtMinute',
    displayName: 'Trigger at Minute',
    type: 'number',
    default: 0,
    description: 'Minute of the hour (0-59)',
    typeOptions: { minValue: 0, maxValue: 59 },
    displayOptions: when('hours', 'days', 'weeks', 'months'),
  },
  {
    name: 'expression',
    displayName: 'Expression',
    type: 'string',
    default: '',
    placeholder: '0 9 * * 1-5',
    description: 'Cron pattern of 5 fields, or 6 with seconds first, in the workflow’s time zone',
    displayOptions: when('cronExpression'),
  },
];

/**
 * Schedule Trigger: starts the workflow on intervals or cron patterns in the workflow's time zone. The
 * server's scheduler fires it at the times `nextRuns` gives, with the item of the slot it fires
 * ({@link scheduleTriggerItem}), which a run passes on; a manual run (no such item) describes now.
 */
export const scheduleTriggerNode = defineNode({
  type: 'core.scheduleTrigger',
  version: 1,
  displayName: 'Schedule Trigger',
  description: 'Starts the workflow on a schedule',
  group: 'trigger',
  isTrigger: true,
  triggerModes: ['schedule', 'manual'],
  inputs: [],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'rule',
      displayName: 'Trigger Rules',
      type: 'fixedCollection',
      default: { interval: [{ field: 'days' }] },
      description: 'When to fire; the workflow starts at every time any rule gives',
      properties: [
        {
          name: 'interval',
          displayName: 'Trigger Interval',
          type: 'collection',
          default: [],
          multipleValues: true,
          description: 'One schedule rule',
          properties: intervalProperties,
        },
      ],
    },
  ],
  async execute(ctx, inputs) {
    const now = ctx.now();
    // Checking the rules here makes a manual run report a broken schedule before the workflow is activated.
    nextRuns(ctx.getParameters(0), ctx.workflow.timezone, new Date(now), 1);
    const fired = inputs[0]?.[0];
    // The scheduler's slot item has fields; a manual run's default trigger item is empty.
    if (fired && Object.keys(fired.json).length > 0) return [[{ json: fired.json }]];
    return [[{ json: scheduleTriggerItem(now, ctx.workflow.timezone) }]];
  },
});
