import { invalidParameter } from './parameter-error.js';

/**
 * Checks that an options parameter holds one of its choices, and narrows its type. The error names the
 * parameter, the allowed values and, when given, the item.
 */
export function choice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  parameter: string,
  itemIndex?: number,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const where = itemIndex === undefined ? '' : ` (item ${itemIndex})`;
  throw invalidParameter(
    `"${parameter}"${where} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`,
    itemIndex === undefined ? { parameter } : { parameter, itemIndex },
  );
}

/** A whole number of at least `min` from a number parameter, or a `NODE_PARAMETER_INVALID` naming it. */
export function wholeNumber(value: unknown, parameter: string, min: number, itemIndex?: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= min) return number;
  const where = itemIndex === undefined ? '' : ` (item ${itemIndex})`;
  throw invalidParameter(
    `"${parameter}"${where} must be a whole number of at least ${min}, not ${JSON.stringify(value)}`,
    itemIndex === undefined ? { parameter } : { parameter, itemIndex },
  );
}
