import { invalidParameter } from './parameter-error.js';

/**
 * Field names from a comma-separated string (`"id, name"`) or an array of names, trimmed, blanks dropped.
 * `parameter` names the setting in the error raised for any other value.
 */
export function parseFieldList(value: unknown, parameter: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (parts === null) {
    throw invalidParameter(`"${parameter}" must be a comma-separated list of field names`, { parameter });
  }
  return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

/**
 * The entries of a list parameter. Native workflows store the array itself; n8n files wrap it in a
 * one-key object (`{ values: [...] }`, `{ assignments: [...] }`), which is accepted so imported
 * parameters work unchanged.
 */
export function listParameter<T>(value: unknown, parameter: string): T[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'object') {
    const entries = Object.values(value);
    if (entries.length === 0) return [];
    if (entries.length === 1 && Array.isArray(entries[0])) return entries[0] as T[];
  }
  throw invalidParameter(`"${parameter}" must be a list`, { parameter });
}
