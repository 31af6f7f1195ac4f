import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { listEntries, warnIgnoredOptions } from './parameter-shapes.js';

const SCHEDULE = 'core.scheduleTrigger';

type Rule = Record<string, unknown>;

/** Each rule field's interval parameter and its default, and the period that interval must divide. */
const intervals: Record<string, { key: string; fallback: number; divides?: number }> = {
  minutes: { key: 'minutesInterval', fallback: 5, divides: 60 },
  hours: { key: 'hoursInterval', fallback: 1, divides: 24 },
  days: { key: 'daysInterval', fallback: 1 },
  weeks: { key: 'weeksInterval', fallback: 1 },
  months: { key: 'monthsInterval', fallback: 1 },
};

/**
 * Warns where KlikkFlow's fire times differ from n8n's: n8n spaces "every n minutes/hours" evenly from its
 * last run when n does not divide the hour/day, and counts every n days/weeks/months from its first run;
 * KlikkFlow restarts minute and hour steps each hour/day and counts day, week and month steps from 1970.
 */
function warnIntervalDrift(rule: Rule, index: number, context: MappingContext): void {
  const spec = intervals[String(rule.field ?? 'days')];
  if (!spec) return;
  const n = Number(rule[spec.key] ?? spec.fallback);
  const drifts = spec.divides === undefined ? n > 1 : spec.divides % n !== 0;
  if (drifts) {
    context.warn(
      `schedule rule ${index + 1} (every ${n} ${String(rule.field)}) counts its steps differently from n8n, so some fire times differ`,
    );
  }
}

function scheduleToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const rules = listEntries(parameters.rule);
  for (const [index, rule] of rules.entries()) warnIntervalDrift(rule, index, context);
  warnIgnoredOptions(parameters, { misfirePolicy: 'skip', misfireGraceSeconds: 0 }, context);
  return { rule: { interval: rules } };
}

/** One item of a legacy Cron node as a schedule rule (n8n's defaults: every day at 14:00). */
function cronItemRule(item: Rule): Rule {
  const hour = item.hour ?? 14;
  const minute = item.minute ?? 0;
  const value = Number(item.value ?? 2);
  switch (item.mode ?? 'everyDay') {
    case 'everyMinute':
      return { field: 'minutes', minutesInterval: 1 };
    case 'everyHour':
      return { field: 'hours', hoursInterval: 1, triggerAtMinute: minute };
    case 'everyWeek':
      return {
        field: 'weeks',
        weeksInterval: 1,
        triggerAtDay: [Number(item.weekday ?? 1)],
        triggerAtHour: hour,
        triggerAtMinute: minute,
      };
    case 'everyMonth':
      return {
        field: 'months',
        monthsInterval: 1,
        triggerAtDayOfMonth: item.dayOfMonth ?? 1,
        triggerAtHour: hour,
        triggerAtMinute: minute,
      };
    case 'everyX':
      // n8n steps the cron field (`*/n`) as the matching rule does; a step past the field's range only
      // matches its first value, i.e. once an hour (minutes) or once a day (hours).
      if (!Number.isInteger(value) || value < 1)
        unsupportedVariant(`it fires "every ${value}", which never fires`);
      if (item.unit === 'minutes') {
        return value <= 59
          ? { field: 'minutes', minutesInterval: value }
          : { field: 'hours', hoursInterval: 1, triggerAtMinute: 0 };
      }
      return value <= 23
        ? { field: 'hours', hoursInterval: value, triggerAtMinute: 0 }
        : { field: 'days', daysInterval: 1, triggerAtHour: 0, triggerAtMinute: 0 };
    case 'custom':
      return { field: 'cronExpression', expression: String(item.cronExpression ?? '* * * * * *').trim() };
    default:
      return { field: 'days', daysInterval: 1, triggerAtHour: hour, triggerAtMinute: minute };
  }
}

function cronToNative(parameters: N8nParameters): NativeParameters {
  const items = listEntries(parameters.triggerTimes);
  if (items.length === 0) unsupportedVariant('it has no trigger times, so it never fires');
  return { rule: { interval: items.map(cronItemRule) } };
}

/** The fewest-steps rule for "every `seconds` seconds" (n8n's Interval node). */
function intervalRule(seconds: number, context: MappingContext): Rule {
  const exact = (n: number, per: number) => Number.isInteger(n) && per % n === 0;
  if (seconds % 86_400 === 0 && seconds / 86_400 <= 366)
    return { field: 'days', daysInterval: seconds / 86_400 };
  if (seconds % 3_600 === 0 && seconds / 3_600 <= 23) {
    const hours = seconds / 3_600;
    if (!exact(hours, 24)) context.warn(`every ${hours} hours restarts at midnight in KlikkFlow`);
    return { field: 'hours', hoursInterval: hours, triggerAtMinute: 0 };
  }
  if (seconds % 60 === 0 && seconds / 60 <= 59) {
    const minutes = seconds / 60;
    if (!exact(minutes, 60)) context.warn(`every ${minutes} minutes restarts each hour in KlikkFlow`);
    return { field: 'minutes', minutesInterval: minutes };
  }
  if (seconds >= 1 && seconds <= 59) {
    if (!exact(seconds, 60)) context.warn(`every ${seconds} seconds restarts each minute in KlikkFlow`);
    return { field: 'seconds', secondsInterval: seconds };
  }
  return unsupportedVariant(`it fires every ${seconds} seconds, which no schedule rule can express`);
}

const unitSeconds: Record<string, number> = { seconds: 1, minutes: 60, hours: 3_600 };

function intervalToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const seconds = Number(parameters.interval) * (unitSeconds[String(parameters.unit)] ?? 1);
  return { rule: { interval: [intervalRule(seconds, context)] } };
}

/** n8n → KlikkFlow for the Schedule Trigger (1–1.4) and the legacy Cron and Interval triggers. */
export const scheduleMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.scheduleTrigger',
    minVersion: 1,
    maxVersion: 1.4,
    nativeType: SCHEDULE,
    defaults: { rule: { interval: [{ field: 'days' }] } },
    toNative: scheduleToNative,
  },
  {
    n8nType: 'n8n-nodes-base.cron',
    minVersion: 1,
    maxVersion: 1,
    nativeType: SCHEDULE,
    defaults: { triggerTimes: {} },
    toNative: cronToNative,
  },
  {
    n8nType: 'n8n-nodes-base.interval',
    minVersion: 1,
    maxVersion: 1,
    nativeType: SCHEDULE,
    defaults: { interval: 1, unit: 'seconds' },
    toNative: intervalToNative,
  },
];

/** KlikkFlow → n8n: the native rules are the Schedule Trigger's (1.4, the newest). */
export const scheduleExport: ExportMapping = {
  nativeType: SCHEDULE,
  n8nType: 'n8n-nodes-base.scheduleTrigger',
  typeVersion: 1.4,
  toN8n: (parameters) => ({ rule: { interval: listEntries(parameters.rule) } }),
};
