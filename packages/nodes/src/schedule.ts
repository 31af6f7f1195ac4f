import type { NodeParameters } from '@klikkflow/plugin-sdk';
import { Cron } from 'croner';
import { DateTime, Info } from 'luxon';
import { invalidParameter } from './shared/parameter-error.js';

/** The kinds of schedule rule (n8n's `rule.interval[].field`). */
export const scheduleFields = [
  'seconds',
  'minutes',
  'hours',
  'days',
  'weeks',
  'months',
  'cronExpression',
] as const;
export type ScheduleField = (typeof scheduleFields)[number];

/** A rule compiled to a cron pattern (with seconds) and, for day/week/month steps, which periods count. */
export interface CompiledScheduleRule {
  pattern: string;
  /** Fire only in every n-th day, week or month, counted in the zone from 1 January 1970. */
  every?: { unit: 'day' | 'week' | 'month'; n: number };
}

type Rule = Record<string, unknown>;

/** The rule list of a Schedule Trigger: `rule.interval`, or a bare list. An empty schedule is invalid. */
export function scheduleRules(parameters: NodeParameters): Rule[] {
  const rule = parameters.rule;
  const list = Array.isArray(rule) ? rule : (rule as { interval?: unknown } | undefined)?.interval;
  if (!Array.isArray(list) || list.length === 0) {
    throw invalidParameter('the schedule has no rules', { parameter: 'rule.interval' });
  }
  return list.map((entry) => (entry !== null && typeof entry === 'object' ? (entry as Rule) : {}));
}

/** A whole number parameter of rule `index` within bounds, or an error naming the rule and field. */
function ruleNumber(
  rule: Rule,
  index: number,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = rule[key];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw invalidParameter(
    `schedule rule ${index + 1} (${String(rule.field ?? 'days')}): "${key}" must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`,
    { parameter: `rule.interval[${index}].${key}` },
  );
}

/** The weekdays of a weeks rule (0 = Sunday ... 6 = Saturday), n8n's `triggerAtDay`; default Sunday. */
function weekdays(rule: Rule, index: number): string {
  const raw = rule.triggerAtDay ?? [0];
  const list = (Array.isArray(raw) ? raw : [raw]).map(Number);
  if (list.length === 0 || list.some((day) => !Number.isInteger(day) || day < 0 || day > 6)) {
    throw invalidParameter(
      `schedule rule ${index + 1} (weeks): "triggerAtDay" must list weekdays from 0 (Sunday) to 6, not ${JSON.stringify(raw)}`,
      { parameter: `rule.interval[${index}].triggerAtDay` },
    );
  }
  return [...new Set(list)].sort((a, b) => a - b).join(',');
}

/**
 * One rule as a six-part cron pattern (seconds first). Like n8n, "every 15 minutes" is `0 *\/15 * * * *`
 * (so the count restarts each hour, and hours restart each day); day, week and month steps above 1 are
 * exact: they fire on every n-th period counted from 1970 in the zone, the same after any restart.
 */
export function compileScheduleRule(rule: Rule, index: number): CompiledScheduleRule {
  const field = rule.field ?? 'days';
  const at = () => {
    const minute = ruleNumber(rule, index, 'triggerAtMinute', 0, 0, 59);
    const hour = ruleNumber(rule, index, 'triggerAtHour', 0, 0, 23);
    return `0 ${minute} ${hour}`;
  };
  switch (field) {
    case 'seconds':
      return { pattern: `*/${ruleNumber(rule, index, 'secondsInterval', 30, 1, 59)} * * * * *` };
    case 'minutes':
      return { pattern: `0 */${ruleNumber(rule, index, 'minutesInterval', 5, 1, 59)} * * * *` };
    case 'hours': {
      const n = ruleNumber(rule, index, 'hoursInterval', 1, 1, 23);
      return { pattern: `0 ${ruleNumber(rule, index, 'triggerAtMinute', 0, 0, 59)} */${n} * * *` };
    }
    case 'days': {
      const n = ruleNumber(rule, index, 'daysInterval', 1, 1, 366);
      return { pattern: `${at()} * * *`, every: { unit: 'day', n } };
    }
    case 'weeks': {
      const n = ruleNumber(rule, index, 'weeksInterval', 1, 1, 52);
      return { pattern: `${at()} * * ${weekdays(rule, index)}`, every: { unit: 'week', n } };
    }
    case 'months': {
      const n = ruleNumber(rule, index, 'monthsInterval', 1, 1, 120);
      const day = ruleNumber(rule, index, 'triggerAtDayOfMonth', 1, 1, 31);
      return { pattern: `${at()} ${day} * *`, every: { unit: 'month', n } };
    }
    case 'cronExpression':
      return { pattern: typeof rule.expression === 'string' ? rule.expression.trim() : '' };
    default:
      throw invalidParameter(
        `schedule rule ${index + 1}: "field" must be one of ${scheduleFields.join(', ')}, not ${JSON.stringify(field)}`,
        { parameter: `rule.interval[${index}].field` },
      );
  }
}

function cronFor(compiled: CompiledScheduleRule, index: number, timezone: string): Cron {
  try {
    // Paused: this only computes times; the server's scheduler does the firing.
    return new Cron(compiled.pattern, { timezone, paused: true, mode: '5-or-6-parts' });
  } catch (error) {
    throw invalidParameter(
      `schedule rule ${index + 1}: invalid cron expression ${JSON.stringify(compiled.pattern)}: ${(error as Error).message}`,
      { parameter: `rule.interval[${index}].expression` },
    );
  }
}

/** Number of the day (since 1970-01-01), ISO week (since Monday 1970-01-05) or month of a local date. */
function periodNumber(date: Date, timezone: string, unit: 'day' | 'week' | 'month'): number {
  const local = DateTime.fromJSDate(date, { zone: timezone });
  if (unit === 'month') return local.year * 12 + local.month - 1;
  const day = Math.floor(Date.UTC(local.year, local.month - 1, local.day) / 86_400_000);
  return unit === 'day' ? day : Math.floor((day - 4) / 7);
}

function runsOf(
  compiled: CompiledScheduleRule,
  cron: Cron,
  timezone: string,
  from: Date,
  count: number,
): Date[] {
  const every = compiled.every;
  if (!every || every.n === 1) return cron.nextRuns(count, from);
  const runs: Date[] = [];
  // Enough steps to pass n periods of up to 31 matches each for every run asked for.
  let budget = (count + 1) * every.n * 31 + 100;
  for (let run = cron.nextRun(from); run && runs.length < count && budget > 0; run = cron.nextRun(run)) {
    budget -= 1;
    if (periodNumber(run, timezone, every.unit) % every.n === 0) runs.push(run);
  }
  return runs;
}

/**
 * The next `count` fire times of a Schedule Trigger after `from` (exclusive), over all its rules, in
 * order and without duplicates. Times follow the zone's wall clock: across a DST gap a daily 02:30 fires
 * at the first valid time after it and once when 02:30 happens twice, while interval rules keep their real
 * spacing. A bad rule or zone is a `NODE_PARAMETER_INVALID` naming it.
 */
export function nextRuns(parameters: NodeParameters, timezone: string, from: Date, count: number): Date[] {
  if (!Info.isValidIANAZone(timezone)) {
    throw invalidParameter(`unknown time zone ${JSON.stringify(timezone)}`, { parameter: 'timezone' });
  }
  const all = scheduleRules(parameters).flatMap((rule, index) => {
    const compiled = compileScheduleRule(rule, index);
    return runsOf(compiled, cronFor(compiled, index, timezone), timezone, from, count);
  });
  const unique = [...new Map(all.map((date) => [date.getTime(), date])).values()];
  return unique.sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}
