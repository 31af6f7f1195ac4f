import { isExpression } from '@klikkflow/plugin-sdk';
import { listEntries } from './parameter-shapes.js';
import { withN8nDefaults } from './with-defaults.js';

/** A JSON object parameter value. */
export type ParameterObject = Record<string, unknown>;

/**
 * The entries of a list parameter with n8n's per-entry defaults restored: n8n also leaves default values
 * out of each entry, and `withN8nDefaults` does not reach into lists.
 */
export function listEntriesWithDefaults(value: unknown, defaults: ParameterObject): ParameterObject[] {
  return listEntries(value).map((entry) => withN8nDefaults(entry, defaults));
}

/**
 * The value an n8n parameter has without evaluating anything: plain values as they are, and an expression
 * without `{{ }}` (`"=equal"`) as its text. `undefined` when only running an expression could tell.
 */
export function staticValue(value: unknown): unknown {
  if (!isExpression(value)) return value;
  return value.includes('{{') ? undefined : value.slice(1);
}

/**
 * Field names from n8n's `{ fields: [{ fieldName }] }` lists (Item Lists v1–v2) as the comma-separated text
 * the native nodes and later n8n versions use.
 */
export function fieldNameList(value: unknown): string {
  return listEntries(value)
    .map((entry) => entry.fieldName)
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .join(', ');
}

/** The object without the keys whose value is `undefined` (so exported parameters stay minimal). */
export function withoutUndefined(object: ParameterObject): ParameterObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
