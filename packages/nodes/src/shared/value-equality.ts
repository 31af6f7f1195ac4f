function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Structural equality of JSON-like values: same primitives (`NaN` equals itself), arrays element by
 * element, objects with the same keys and equal values whatever their key order.
 */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((value, index) => deepEqual(value, right[index]));
  }
  if (!isRecord(left) || !isRecord(right)) return false;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
}

/**
 * A text key such that `canonicalKey(a) === canonicalKey(b)` exactly when {@link deepEqual}`(a, b)`, for
 * grouping or de-duplicating values in a Map or Set instead of comparing every pair.
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined) return 'u';
  if (typeof value === 'number')
    return Number.isNaN(value) ? 'n:NaN' : `n:${Object.is(value, -0) ? 0 : value}`;
  if (typeof value !== 'object' || value === null) return `${typeof value}:${String(value)}`;
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalKey(record[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * Loose equality for fuzzy comparisons: deep equality, or two non-null primitives with the same text
 * (`3` and `"3"`, `true` and `"true"`).
 */
export function looseEqual(left: unknown, right: unknown): boolean {
  if (deepEqual(left, right)) return true;
  const primitive = (value: unknown) => value !== null && value !== undefined && typeof value !== 'object';
  return primitive(left) && primitive(right) && String(left) === String(right);
}
