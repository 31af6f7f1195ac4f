import type { FilterCondition, FilterParameter } from './filter-parameter.js';
import { type MappingContext, unsupportedVariant } from './node-mapping.types.js';
import { isRecord } from './parameter-shapes.js';
import { listEntriesWithDefaults, staticValue } from './parameter-values.js';

/**
 * The value kinds of n8n's first-generation conditions (IF v1, Filter v1, Switch v1–v2), in the order n8n
 * checks their groups.
 */
export const legacyKinds = ['boolean', 'dateTime', 'number', 'string'] as const;

/** One value kind of the first-generation conditions. */
export type LegacyKind = (typeof legacyKinds)[number];

/** The operation n8n assumes when an entry leaves it out. */
export const legacyDefaultOperation: Record<LegacyKind, string> = {
  boolean: 'equal',
  dateTime: 'after',
  number: 'smaller',
  string: 'equal',
};

/** The value n8n assumes for an omitted value 1 or 2 of IF v1 / Filter v1 conditions. */
export const legacyDefaultValue: Record<LegacyKind, unknown> = {
  boolean: false,
  dateTime: '',
  number: 0,
  string: '',
};

/** Legacy operation → filter operation, per kind. */
const filterOperations: Record<LegacyKind, Record<string, string>> = {
  boolean: { equal: 'equals', notEqual: 'notEquals' },
  dateTime: { after: 'after', before: 'before' },
  number: {
    smaller: 'lt',
    smallerEqual: 'lte',
    equal: 'equals',
    notEqual: 'notEquals',
    larger: 'gt',
    largerEqual: 'gte',
    isEmpty: 'empty',
    isNotEmpty: 'notEmpty',
  },
  string: {
    contains: 'contains',
    notContains: 'notContains',
    endsWith: 'endsWith',
    notEndsWith: 'notEndsWith',
    equal: 'equals',
    notEqual: 'notEquals',
    regex: 'regex',
    notRegex: 'notRegex',
    startsWith: 'startsWith',
    notStartsWith: 'notStartsWith',
    isEmpty: 'empty',
    isNotEmpty: 'notEmpty',
  },
};

/** Operations that ignore value 2. */
const singleValueOperations = new Set(['empty', 'notEmpty']);

/**
 * One legacy comparison (`value1 <operation> value2` of a kind) as a filter condition. The operation may be
 * a constant expression (`"=equal"`, seen in real files); one computed per item cannot be converted.
 */
export function legacyCondition(
  kind: LegacyKind,
  value1: unknown,
  operation: unknown,
  value2: unknown,
): FilterCondition {
  const name = staticValue(operation);
  const byName = filterOperations[kind];
  const mapped = typeof name === 'string' && Object.hasOwn(byName, name) ? byName[name] : undefined;
  if (mapped === undefined) {
    unsupportedVariant(`the ${kind} comparison ${JSON.stringify(operation)} has no KlikkFlow equivalent`);
  }
  if (singleValueOperations.has(mapped)) {
    return {
      leftValue: value1,
      rightValue: '',
      operator: { type: kind, operation: mapped, singleValue: true },
    };
  }
  return { leftValue: value1, rightValue: value2, operator: { type: kind, operation: mapped } };
}

/**
 * The conditions of an IF v1 / Filter v1 node (`{ boolean: [...], number: [...], ... }`) as filter
 * conditions, in the order n8n evaluates them.
 */
export function legacyConditions(value: unknown): FilterCondition[] {
  const groups = isRecord(value) ? value : {};
  return legacyKinds.flatMap((kind) =>
    listEntriesWithDefaults(groups[kind], {
      value1: legacyDefaultValue[kind],
      operation: legacyDefaultOperation[kind],
      value2: legacyDefaultValue[kind],
    }).map((entry) => legacyCondition(kind, entry.value1, entry.operation, entry.value2)),
  );
}

/**
 * A filter for legacy conditions. The first-generation nodes never rejected a value for its type (they
 * compared with `===`, `<`, `includes`), so the filter converts types where required instead of failing.
 */
export function legacyFilter(conditions: FilterCondition[], combinator: 'and' | 'or'): FilterParameter {
  return { combinator, conditions, options: { caseSensitive: true, leftValue: '', typeValidation: 'loose' } };
}

/**
 * Warns about boolean legacy comparisons: n8n compared the raw values with `===`, KlikkFlow converts both to
 * booleans first and fails on values that are not boolean-like (a date, a name).
 */
export function warnAboutLegacyBooleans(
  conditions: readonly FilterCondition[],
  context: MappingContext,
): void {
  if (conditions.some((condition) => condition.operator.type === 'boolean')) {
    context.warn(
      'boolean comparisons of the first IF/Filter/Switch version compared raw values; KlikkFlow converts ' +
        'both values to booleans and fails on values that are not true/false/1/0',
    );
  }
}
