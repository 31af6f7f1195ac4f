import { invalidParameter } from './parameter-error.js';
import { tryConvert } from './type-conversion.js';

/** Value types a condition compares as. */
export type ConditionType = 'string' | 'number' | 'boolean' | 'dateTime' | 'array' | 'object';

/** How values are compared: the node's options. */
export interface CompareSettings {
  caseSensitive: boolean;
  /** Convert values to the operator's type (`"3"` → 3) instead of failing on a mismatch. */
  looseTypeValidation: boolean;
}

/** Where a condition sits, for error messages. */
export interface ConditionSite {
  condition: number;
  itemIndex: number;
}

/** What the right value is converted to before comparing: the condition's type, a number, or as is. */
type RightKind = 'same' | 'number' | 'any' | 'none';

/** One comparison. `untyped` operations (presence checks) skip type validation. */
export interface Operation {
  right: RightKind;
  untyped?: boolean;
  test(left: unknown, right: unknown, settings: CompareSettings): boolean;
}

const isMissing = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value));

const isEmpty = (value: unknown): boolean =>
  isMissing(value) ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/** Presence checks: valid for every type and never type-checked. */
const presence: Record<string, Operation> = {
  exists: { right: 'none', untyped: true, test: (left) => !isMissing(left) },
  notExists: { right: 'none', untyped: true, test: (left) => isMissing(left) },
  empty: { right: 'none', untyped: true, test: (left) => isEmpty(left) },
  notEmpty: { right: 'none', untyped: true, test: (left) => !isEmpty(left) },
};

function text(value: unknown, settings: CompareSettings): string {
  const out = isMissing(value) ? '' : String(value);
  return settings.caseSensitive ? out : out.toLowerCase();
}

/** Builds a regular expression from `pattern` or `/pattern/flags`. */
function toRegex(pattern: string, settings: CompareSettings): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  const source = literal ? (literal[1] ?? '') : pattern;
  let flags = literal ? (literal[2] ?? '') : '';
  if (!settings.caseSensitive && !flags.includes('i')) flags += 'i';
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw invalidParameter(`invalid regular expression ${JSON.stringify(pattern)}: ${String(error)}`, {
      pattern,
    });
  }
}

const stringTest =
  (test: (left: string, right: string) => boolean): Operation['test'] =>
  (left, right, settings) =>
    test(text(left, settings), text(right, settings));

const negate = (operation: Operation): Operation => ({
  right: operation.right,
  test: (left, right, settings) => !operation.test(left, right, settings),
});

const regex: Operation = {
  right: 'same',
  test: (left, right, settings) =>
    toRegex(isMissing(right) ? '' : String(right), settings).test(isMissing(left) ? '' : String(left)),
};

/** Ordering on numbers (dates are compared as epoch ms); a missing value never compares. */
const ordered = (test: (left: number, right: number) => boolean): Operation => ({
  right: 'same',
  test: (left, right) => typeof left === 'number' && typeof right === 'number' && test(left, right),
});

const sameValue: Operation = { right: 'same', test: (left, right) => left === right };

const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const arrayContains: Operation = {
  right: 'any',
  test: (left, right, settings) =>
    arrayOf(left).some((element) =>
      typeof element === 'string' && typeof right === 'string'
        ? text(element, settings) === text(right, settings)
        : element === right,
    ),
};

const arrayLength = (test: (length: number, right: number) => boolean): Operation => ({
  right: 'number',
  test: (left, right) => typeof right === 'number' && test(arrayOf(left).length, right),
});

/** Looks an operation up by type and name (own keys only). */
export function findOperation(type: unknown, name: unknown): Operation | undefined {
  if (typeof type !== 'string' || typeof name !== 'string' || !Object.hasOwn(operations, type))
    return undefined;
  const byName = operations[type as ConditionType];
  return Object.hasOwn(byName, name) ? byName[name] : undefined;
}

/** Every operation per condition type (filter v2 names). */
export const operations: Record<ConditionType, Record<string, Operation>> = {
  string: {
    ...presence,
    equals: { right: 'same', test: stringTest((l, r) => l === r) },
    notEquals: { right: 'same', test: stringTest((l, r) => l !== r) },
    contains: { right: 'same', test: stringTest((l, r) => l.includes(r)) },
    notContains: { right: 'same', test: stringTest((l, r) => !l.includes(r)) },
    startsWith: { right: 'same', test: stringTest((l, r) => l.startsWith(r)) },
    notStartsWith: { right: 'same', test: stringTest((l, r) => !l.startsWith(r)) },
    endsWith: { right: 'same', test: stringTest((l, r) => l.endsWith(r)) },
    notEndsWith: { right: 'same', test: stringTest((l, r) => !l.endsWith(r)) },
    regex,
    notRegex: negate(regex),
  },
  number: {
    ...presence,
    equals: sameValue,
    notEquals: negate(sameValue),
    gt: ordered((l, r) => l > r),
    gte: ordered((l, r) => l >= r),
    lt: ordered((l, r) => l < r),
    lte: ordered((l, r) => l <= r),
  },
  dateTime: {
    ...presence,
    equals: sameValue,
    notEquals: negate(sameValue),
    after: ordered((l, r) => l > r),
    afterOrEquals: ordered((l, r) => l >= r),
    before: ordered((l, r) => l < r),
    beforeOrEquals: ordered((l, r) => l <= r),
  },
  boolean: {
    ...presence,
    true: { right: 'none', test: (left) => left === true },
    false: { right: 'none', test: (left) => left === false },
    equals: sameValue,
    notEquals: negate(sameValue),
  },
  array: {
    ...presence,
    contains: arrayContains,
    notContains: negate(arrayContains),
    lengthEquals: arrayLength((l, r) => l === r),
    lengthNotEquals: arrayLength((l, r) => l !== r),
    lengthGt: arrayLength((l, r) => l > r),
    lengthGte: arrayLength((l, r) => l >= r),
    lengthLt: arrayLength((l, r) => l < r),
    lengthLte: arrayLength((l, r) => l <= r),
  },
  object: { ...presence },
};

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function dateMs(value: unknown, loose: boolean): number | undefined {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return loose && typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function strictlyTyped(value: unknown, type: ConditionType): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'number':
      return typeof value === 'number' && !Number.isNaN(value);
    default:
      return typeof value === type;
  }
}

/**
 * Checks (strict) or converts (loose) one operand to a type. Missing values pass through: operations
 * decide what a missing value means. Dates become epoch milliseconds.
 */
export function coerceOperand(
  value: unknown,
  type: ConditionType,
  settings: CompareSettings,
  site: ConditionSite,
  side: 'left' | 'right',
): unknown {
  if (value === undefined || value === null) return value;
  let coerced: unknown;
  if (type === 'dateTime') coerced = dateMs(value, settings.looseTypeValidation);
  else if (strictlyTyped(value, type)) coerced = value;
  else if (settings.looseTypeValidation) coerced = tryConvert(value, type);
  if (coerced !== undefined) return coerced;
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const hint = settings.looseTypeValidation ? '' : '; turn on loose type validation to convert it';
  throw invalidParameter(
    `condition ${site.condition} (item ${site.itemIndex}): ${side} value ${shown} is ${typeName(value)} ` +
      `but the operator expects ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type}${hint}`,
    { ...site, side, type },
  );
}

/** Converts the right value as the operation needs it. */
export function coerceRight(
  value: unknown,
  type: ConditionType,
  kind: RightKind,
  settings: CompareSettings,
  site: ConditionSite,
): unknown {
  if (kind === 'any' || kind === 'none') return value;
  return coerceOperand(value, kind === 'number' ? 'number' : type, settings, site, 'right');
}
