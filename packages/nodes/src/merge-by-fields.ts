import type { Item } from '@klikkflow/types';
import { getField } from './shared/field-path.js';
import { mergeSourced, passSourced, type SourcedItem, sourced } from './shared/merge-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** A pair of fields that must be equal for two items to match. */
export interface FieldPair {
  field1?: unknown;
  field2?: unknown;
}

/** How matched and unmatched items are output. */
export type JoinMode = 'keepMatches' | 'keepNonMatches' | 'keepEverything' | 'enrichInput1' | 'enrichInput2';

/** For keepMatches/keepNonMatches: whose data is output. */
export type OutputDataFrom = 'both' | 'input1' | 'input2';

/** Settings of a combine-by-fields merge. */
export interface FieldMergeSettings {
  fields: FieldPair[];
  joinMode: JoinMode;
  outputDataFrom: OutputDataFrom;
  /** Compare loosely: `3` matches `"3"`. */
  fuzzyCompare: boolean;
}

function sameValue(left: unknown, right: unknown, fuzzy: boolean): boolean {
  if (left === undefined || right === undefined) return false;
  if (left === right) return true;
  if (typeof left === 'object' && left !== null && typeof right === 'object' && right !== null) {
    return JSON.stringify(left) === JSON.stringify(right);
  }
  return fuzzy && left !== null && right !== null && String(left) === String(right);
}

function fieldNames(pairs: FieldPair[]): [string, string][] {
  if (pairs.length === 0) throw invalidParameter('"fieldsToMatch" needs at least one pair of fields');
  return pairs.map((pair, index) => {
    if (
      typeof pair.field1 !== 'string' ||
      pair.field1 === '' ||
      typeof pair.field2 !== 'string' ||
      pair.field2 === ''
    ) {
      throw invalidParameter(`fields to match, pair ${index}: both field names are required`, {
        pair: index,
      });
    }
    return [pair.field1, pair.field2];
  });
}

/**
 * Joins input 1 and input 2 on equal field values (strict by default). Output follows input 1's order,
 * each item followed by its matches in input 2's order; input 2 wins on clashing fields.
 */
export function mergeByFields(
  input1: readonly Item[],
  input2: readonly Item[],
  settings: FieldMergeSettings,
): Item[] {
  const names = fieldNames(settings.fields);
  const left = sourced(input1, 0);
  const right = sourced(input2, 1);
  const matchesOf = (one: SourcedItem): SourcedItem[] =>
    right.filter((two) =>
      names.every(([f1, f2]) =>
        sameValue(getField(one.item.json, f1), getField(two.item.json, f2), settings.fuzzyCompare),
      ),
    );
  const matches = new Map(left.map((one) => [one, matchesOf(one)]));
  const matchedRight = new Set([...matches.values()].flat());
  const unmatchedLeft = left.filter((one) => matches.get(one)?.length === 0);
  const unmatchedRight = right.filter((two) => !matchedRight.has(two));
  const joined = (one: SourcedItem): Item[] => {
    const found = matches.get(one) ?? [];
    return found.length === 0 ? [passSourced(one)] : found.map((two) => mergeSourced([one, two]));
  };
  switch (settings.joinMode) {
    case 'keepMatches':
      if (settings.outputDataFrom === 'input1')
        return left.filter((one) => !unmatchedLeft.includes(one)).map(passSourced);
      if (settings.outputDataFrom === 'input2')
        return right.filter((two) => matchedRight.has(two)).map(passSourced);
      return left.flatMap((one) => (matches.get(one) ?? []).map((two) => mergeSourced([one, two])));
    case 'keepNonMatches':
      if (settings.outputDataFrom === 'input1') return unmatchedLeft.map(passSourced);
      if (settings.outputDataFrom === 'input2') return unmatchedRight.map(passSourced);
      return [...unmatchedLeft, ...unmatchedRight].map(passSourced);
    case 'keepEverything':
      return [...left.flatMap(joined), ...unmatchedRight.map(passSourced)];
    case 'enrichInput1':
      return left.flatMap(joined);
    case 'enrichInput2':
      return right.flatMap((two) => {
        const found = left.filter((one) => matches.get(one)?.includes(two));
        return found.length === 0 ? [passSourced(two)] : found.map((one) => mergeSourced([one, two]));
      });
    default:
      throw invalidParameter(`unknown join mode ${JSON.stringify(settings.joinMode)}`, {
        parameter: 'joinMode',
      });
  }
}
