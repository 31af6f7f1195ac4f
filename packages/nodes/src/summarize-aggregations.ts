import { invalidParameter } from './shared/parameter-error.js';
import { canonicalKey } from './shared/value-equality.js';

/** How Summarize combines the values of one field. */
export type Aggregation =
  | 'append'
  | 'average'
  | 'concatenate'
  | 'count'
  | 'countUnique'
  | 'max'
  | 'min'
  | 'sum';

/** Every {@link Aggregation}. */
export const aggregations: readonly Aggregation[] = [
  'append',
  'average',
  'concatenate',
  'count',
  'countUnique',
  'max',
  'min',
  'sum',
];

/** One field to summarize, validated. */
export interface FieldSummary {
  aggregation: Aggregation;
  field: string;
  includeEmpty: boolean;
  separator: string;
}

/** A field value with the index of the item it came from, for error messages. */
export interface SourcedValue {
  index: number;
  value: unknown;
}

// The output name prefixes n8n uses, so expressions written against imported workflows keep working.
const prefixes: Record<Aggregation, string> = {
  append: 'appended',
  average: 'average',
  concatenate: 'concatenated',
  count: 'count',
  countUnique: 'unique_count',
  max: 'max',
  min: 'min',
  sum: 'sum',
};

/** The output field of a summary: `<prefix>_<field with dots turned into underscores>` (`count_products_sku`). */
export function aggregationOutputName(summary: FieldSummary): string {
  return `${prefixes[summary.aggregation]}_${summary.field.replaceAll('.', '_')}`;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

function numbers(summary: FieldSummary, sources: SourcedValue[]): number[] {
  return sources
    .filter((source) => !isEmpty(source.value))
    .map(({ index, value }) => {
      const number = typeof value === 'string' ? Number(value.trim()) : value;
      if (typeof number === 'number' && Number.isFinite(number)) return number;
      throw invalidParameter(
        `field "${summary.field}" (item ${index}): ${summary.aggregation} needs numbers, got ${JSON.stringify(value)}`,
        { field: summary.field, itemIndex: index },
      );
    });
}

const asText = (value: unknown) =>
  value === undefined || value === null
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/**
 * Combines the values of one field over a group. Numeric aggregations skip empty values, accept numeric
 * text and fail on anything else naming field and item; they give `null` (sum: 0) when nothing is left.
 */
export function aggregate(summary: FieldSummary, sources: SourcedValue[]): unknown {
  const values = sources
    .filter((source) => summary.includeEmpty || !isEmpty(source.value))
    .map((source) => source.value);
  switch (summary.aggregation) {
    case 'count':
      return values.length;
    case 'countUnique':
      return new Set(values.map(canonicalKey)).size;
    case 'append':
      return values.map((value) => value ?? null);
    case 'concatenate':
      return values.map(asText).join(summary.separator);
    case 'sum':
      return numbers(summary, sources).reduce((total, number) => total + number, 0);
    case 'average': {
      const list = numbers(summary, sources);
      return list.length === 0 ? null : list.reduce((total, number) => total + number, 0) / list.length;
    }
    case 'min':
    case 'max': {
      const list = numbers(summary, sources);
      if (list.length === 0) return null;
      // reduce, not Math.min(...list): spreading a long list overflows the call stack.
      const pick = summary.aggregation === 'min' ? Math.min : Math.max;
      return list.reduce((best, number) => pick(best, number));
    }
  }
}
