import { splitPath } from '@klikkflow/plugin-sdk';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The keys a field name stands for: `a.b[0]` → `['a','b','0']` with dot notation, else the name itself. */
function keysOf(field: string, dotNotation: boolean): string[] {
  return dotNotation ? splitPath(field) : [field];
}

/** Reads a field of an item's json; `a.b.c` walks nested objects unless dot notation is off. */
export function getField(json: unknown, field: string, dotNotation = true): unknown {
  let current = json;
  for (const key of keysOf(field, dotNotation)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as JsonRecord)[key];
  }
  return current;
}

/**
 * Copies `target` along the path so the leaf can be written without touching shared (input) objects, and
 * returns the innermost copy with the last key. Non-object steps are replaced by new objects.
 */
function ownPath(target: JsonRecord, keys: string[]): [JsonRecord, string] {
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const child = current[key];
    const copy: JsonRecord = isRecord(child) ? { ...child } : {};
    current[key] = copy;
    current = copy;
  }
  return [current, keys[keys.length - 1] ?? ''];
}

/**
 * Sets a field on `target`, an object the caller owns. Nested objects on the path are copied first, so
 * objects shared with input items are never mutated.
 */
export function setField(target: JsonRecord, field: string, value: unknown, dotNotation = true): void {
  const [parent, key] = ownPath(target, keysOf(field, dotNotation));
  parent[key] = value;
}

/** Removes a field from `target` (an object the caller owns), copying shared nested objects first. */
export function deleteField(target: JsonRecord, field: string, dotNotation = true): void {
  const keys = keysOf(field, dotNotation);
  if (!hasField(target, keys)) return;
  const [parent, key] = ownPath(target, keys);
  delete parent[key];
}

function hasField(json: JsonRecord, keys: string[]): boolean {
  let current: unknown = json;
  for (const key of keys) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return true;
}

/** A new object holding only the listed fields (missing ones are skipped). */
export function pickFields(json: JsonRecord, fields: readonly string[], dotNotation = true): JsonRecord {
  const out: JsonRecord = {};
  for (const field of fields) {
    const value = getField(json, field, dotNotation);
    if (value !== undefined) setField(out, field, value, dotNotation);
  }
  return out;
}

/** A new object without the listed fields. */
export function omitFields(json: JsonRecord, fields: readonly string[], dotNotation = true): JsonRecord {
  const out: JsonRecord = { ...json };
  for (const field of fields) deleteField(out, field, dotNotation);
  return out;
}
