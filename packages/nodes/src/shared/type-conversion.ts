import { invalidParameter } from './parameter-error.js';

/** Value types a field can be converted to (Edit Fields, workflow inputs). */
export type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';

/** Every {@link FieldType}, for `options` properties. */
export const fieldTypes: readonly FieldType[] = ['string', 'number', 'boolean', 'array', 'object'];

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const booleanWords: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/** Converts one value (not null or undefined), or returns `undefined` when it cannot be converted. */
export function tryConvert(value: unknown, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'number': {
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      const number = Number(value);
      return Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number' || typeof value === 'string') {
        return booleanWords[String(value).trim().toLowerCase()];
      }
      return undefined;
    case 'array': {
      const parsed = typeof value === 'string' ? parseJson(value) : value;
      return Array.isArray(parsed) ? parsed : undefined;
    }
    case 'object': {
      const parsed = typeof value === 'string' ? parseJson(value) : value;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
    }
  }
}

/** Where a converted value comes from, for the error message. */
export interface ConversionSite {
  field: string;
  itemIndex: number;
}

/**
 * Converts a value to a field type: numeric strings to numbers, `"true"`/`"false"`/`1`/`0` to booleans,
 * JSON text to arrays and objects, anything to text. `null` and `undefined` stay as they are. A value that
 * cannot be converted raises `NODE_PARAMETER_INVALID` naming the field and item.
 */
export function convertValue(value: unknown, type: FieldType, site: ConversionSite): unknown {
  if (value === null || value === undefined) return value;
  if (!fieldTypes.includes(type)) {
    throw invalidParameter(`field "${site.field}" has an unknown type "${String(type)}"`, { ...site, type });
  }
  const converted = tryConvert(value, type);
  if (converted === undefined) {
    throw invalidParameter(
      `field "${site.field}" (item ${site.itemIndex}): cannot convert ${describe(value)} to ${type}`,
      { ...site, type },
    );
  }
  return converted;
}
