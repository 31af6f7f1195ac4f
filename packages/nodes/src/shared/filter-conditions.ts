import type { PropertySpec } from '@klikkflow/types';
import { listParameter } from './field-list.js';
import {
  type CompareSettings,
  type ConditionType,
  coerceOperand,
  coerceRight,
  findOperation,
  operations,
} from './filter-operators.js';
import { invalidParameter } from './parameter-error.js';

/** One condition of a filter (n8n filter v2 shape). */
export interface Condition {
  id?: string;
  leftValue?: unknown;
  rightValue?: unknown;
  operator: { type: ConditionType; operation: string; singleValue?: boolean };
}

/** The value of a `filter` parameter: conditions joined by `and` or `or`. */
export interface FilterValue {
  combinator?: 'and' | 'or';
  conditions: Condition[];
  /** Settings stored inside the filter by n8n; the node's own options take precedence. */
  options?: { caseSensitive?: boolean; typeValidation?: 'strict' | 'loose' };
}

/** The node-level options IF, Filter and Switch share. */
export interface ConditionOptions {
  caseSensitive?: boolean;
  looseTypeValidation?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readFilter(value: unknown, itemIndex: number): FilterValue {
  if (!isRecord(value)) {
    throw invalidParameter(`conditions (item ${itemIndex}) must be an object with a "conditions" list`, {
      itemIndex,
    });
  }
  const combinator = value.combinator ?? 'and';
  if (combinator !== 'and' && combinator !== 'or') {
    throw invalidParameter(`combinator must be "and" or "or", not ${JSON.stringify(combinator)}`, {
      itemIndex,
    });
  }
  return {
    combinator,
    conditions: listParameter<Condition>(value.conditions, 'conditions'),
    options: isRecord(value.options) ? (value.options as FilterValue['options']) : {},
  };
}

function evaluateCondition(
  condition: Condition,
  settings: CompareSettings,
  site: { condition: number; itemIndex: number },
): boolean {
  const type = condition.operator?.type;
  const name = condition.operator?.operation;
  const operation = findOperation(type, name);
  if (!operation) {
    throw invalidParameter(
      `condition ${site.condition} (item ${site.itemIndex}): unknown operator ${String(type)}.${String(name)}`,
      { ...site, type, operation: name },
    );
  }
  if (operation.untyped) return operation.test(condition.leftValue, undefined, settings);
  const left = coerceOperand(condition.leftValue, type, settings, site, 'left');
  const right = coerceRight(condition.rightValue, type, operation.right, settings, site);
  return operation.test(left, right, settings);
}

/**
 * Evaluates a filter parameter (already resolved for one item) against the node options. An empty
 * condition list matches. Type mismatches fail with `NODE_PARAMETER_INVALID` naming condition and item,
 * unless loose type validation converts the values.
 */
export function matchesConditions(filter: unknown, options: ConditionOptions, itemIndex: number): boolean {
  const value = readFilter(filter, itemIndex);
  const settings: CompareSettings = {
    caseSensitive: options.caseSensitive ?? value.options?.caseSensitive ?? true,
    looseTypeValidation: options.looseTypeValidation ?? value.options?.typeValidation === 'loose',
  };
  const any = value.combinator === 'or';
  for (let index = 0; index < value.conditions.length; index++) {
    const matched = evaluateCondition(value.conditions[index] as Condition, settings, {
      condition: index,
      itemIndex,
    });
    if (matched === any) return any;
  }
  return !any;
}

/** Operation names per type, for the editor's operator picker. */
const operationNames = Object.fromEntries(
  Object.entries(operations).map(([type, byName]) => [type, Object.keys(byName)]),
);

/** The `conditions` property of IF, Filter and Switch rules. */
export const conditionsProperty: PropertySpec = {
  name: 'conditions',
  displayName: 'Conditions',
  type: 'filter',
  default: { combinator: 'and', conditions: [] },
  description: 'Conditions on each item, joined by AND or OR',
  typeOptions: { operations: operationNames },
};

/** Option: compare text case-sensitively. */
export const caseSensitiveOption: PropertySpec = {
  name: 'caseSensitive',
  displayName: 'Case Sensitive',
  type: 'boolean',
  default: true,
  description: 'Whether text comparisons respect upper and lower case',
};

/** Option: convert values to the operator's type instead of failing on a mismatch. */
export const looseTypeValidationOption: PropertySpec = {
  name: 'looseTypeValidation',
  displayName: 'Convert Types Where Required',
  type: 'boolean',
  default: false,
  description: 'Whether to convert values such as "3" to the operator type instead of failing',
};
