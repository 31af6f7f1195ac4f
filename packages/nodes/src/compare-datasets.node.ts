import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { listParameter, parseFieldList } from './shared/field-list.js';
import { getField, omitFields } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import { canonicalKey, deepEqual, looseEqual } from './shared/value-equality.js';

/** A field of input A matched against a field of input B. */
interface FieldPair {
  field1?: unknown;
  field2?: unknown;
}

const properties: PropertySpec[] = [
  {
    name: 'mergeByFields',
    displayName: 'Fields to Match',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Fields whose values identify the same record in both inputs',
    properties: [
      {
        name: 'field1',
        displayName: 'Input A Field',
        type: 'string',
        default: '',
        placeholder: 'e.g. id',
        description: 'Field of input A',
      },
      {
        name: 'field2',
        displayName: 'Input B Field',
        type: 'string',
        default: '',
        placeholder: 'e.g. id',
        description: 'Field of input B',
      },
    ],
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'skipFields',
        displayName: 'Fields to Skip Comparing',
        type: 'string',
        default: '',
        placeholder: 'e.g. updatedAt, meta.etag',
        description: 'Comma-separated fields ignored when deciding whether matched items differ',
      },
      {
        name: 'fuzzyCompare',
        displayName: 'Fuzzy Compare',
        type: 'boolean',
        default: false,
        description: 'Whether values with the same text are equal (3 and "3", true and "true")',
      },
    ],
  },
];

function matchFields(raw: unknown): [string, string][] {
  const pairs = listParameter<FieldPair>(raw, 'mergeByFields');
  if (pairs.length === 0) throw invalidParameter('"Fields to Match" needs at least one pair of fields');
  return pairs.map((pair, index) => {
    const { field1, field2 } = pair;
    if (
      typeof field1 !== 'string' ||
      field1.trim() === '' ||
      typeof field2 !== 'string' ||
      field2.trim() === ''
    ) {
      throw invalidParameter(`fields to match, pair ${index}: both field names are required`, {
        parameter: 'mergeByFields',
        pair: index,
      });
    }
    return [field1.trim(), field2.trim()];
  });
}

/** Per-field comparison of two matched items, over the union of their top-level fields. */
function difference(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  equal: (left: unknown, right: unknown) => boolean,
): { same: Record<string, unknown>; different: Record<string, { inputA: unknown; inputB: unknown }> } {
  const same: Record<string, unknown> = {};
  const different: Record<string, { inputA: unknown; inputB: unknown }> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (equal(a[key], b[key])) same[key] = a[key];
    else different[key] = { inputA: a[key] ?? null, inputB: b[key] ?? null };
  }
  return { same, different };
}

/**
 * Compare Datasets: matches items of input A and B on key fields and sends each to `In A only`, `Same`,
 * `Different` or `In B only`. Items with the same key pair up in order (the second A with the second B),
 * so duplicates are never dropped; an item missing a key field matches nothing.
 */
export const compareDatasetsNode = defineNode({
  type: 'core.compareDatasets',
  version: 1,
  displayName: 'Compare Datasets',
  description: 'Finds items only in A, only in B, the same in both, or different',
  group: 'data',
  inputs: [
    { kind: 'main', label: 'Input A' },
    { kind: 'main', label: 'Input B' },
  ],
  outputs: [
    { kind: 'main', label: 'In A only' },
    { kind: 'main', label: 'Same' },
    { kind: 'main', label: 'Different' },
    { kind: 'main', label: 'In B only' },
  ],
  properties,
  // Runs with what arrived: a missing input counts as an empty dataset.
  requiredInputs: () => [],
  async execute(ctx, inputs) {
    const fields = matchFields(ctx.getParameter('mergeByFields', 0));
    const skip = parseFieldList(ctx.getParameter('options.skipFields', 0), 'options.skipFields');
    const fuzzy = ctx.getParameter<unknown>('options.fuzzyCompare', 0) === true;
    const equal = fuzzy ? looseEqual : deepEqual;
    // Fuzzy keys compare non-null primitives by their text, as looseEqual does.
    const keyPart = (value: unknown) =>
      canonicalKey(fuzzy && value !== null && typeof value !== 'object' ? String(value) : value);
    const keyOf = (json: Record<string, unknown>, side: 0 | 1): string | undefined => {
      const values = fields.map((pair) => getField(json, pair[side]));
      return values.some((value) => value === undefined) ? undefined : values.map(keyPart).join('|');
    };
    const inputA = inputs[0] ?? [];
    const inputB = inputs[1] ?? [];
    const waitingB = new Map<string, number[]>();
    for (const [index, item] of inputB.entries()) {
      const key = keyOf(item.json, 1);
      if (key !== undefined) waitingB.set(key, [...(waitingB.get(key) ?? []), index]);
    }
    const onlyA: Item[] = [];
    const same: Item[] = [];
    const different: Item[] = [];
    const matchedB = new Set<number>();
    for (const [indexA, itemA] of inputA.entries()) {
      const key = keyOf(itemA.json, 0);
      const indexB = key === undefined ? undefined : waitingB.get(key)?.shift();
      const itemB = indexB === undefined ? undefined : inputB[indexB];
      if (indexB === undefined || itemB === undefined) {
        onlyA.push({ ...itemA, pairedItem: pairedTo(indexA) });
        continue;
      }
      matchedB.add(indexB);
      const pairedItem = [pairedTo(indexA), pairedTo(indexB, 1)];
      const diff = difference(omitFields(itemA.json, skip), omitFields(itemB.json, skip), equal);
      if (Object.keys(diff.different).length === 0) {
        same.push({ ...itemA, pairedItem });
        continue;
      }
      const keys = Object.fromEntries(fields.map(([field1]) => [field1, getField(itemA.json, field1)]));
      different.push({ json: { keys, ...diff }, pairedItem });
    }
    const onlyB = inputB.flatMap((item, index) =>
      matchedB.has(index) ? [] : [{ ...item, pairedItem: pairedTo(index, 1) }],
    );
    return [onlyA, same, different, onlyB];
  },
});
