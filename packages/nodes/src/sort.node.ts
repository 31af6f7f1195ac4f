import { defineNode } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { choice } from './shared/choice.js';
import { listParameter } from './shared/field-list.js';
import { getField } from './shared/field-path.js';
import { withPair } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** One sort key. */
interface SortField {
  fieldName?: unknown;
  order?: unknown;
}

const simple = { show: { type: ['simple'] } };

const properties: PropertySpec[] = [
  {
    name: 'type',
    displayName: 'Type',
    type: 'options',
    default: 'simple',
    description: 'Sort by field values, or shuffle the items',
    options: [
      { name: 'Simple', value: 'simple', description: 'Sort by one or more fields' },
      { name: 'Random', value: 'random', description: 'Shuffle the items into a random order' },
    ],
  },
  {
    name: 'sortFieldsUi',
    displayName: 'Fields To Sort By',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Fields to sort by, the first one first; later ones break ties',
    displayOptions: simple,
    properties: [
      {
        name: 'fieldName',
        displayName: 'Field Name',
        type: 'string',
        default: '',
        placeholder: 'e.g. address.city',
        description: 'Field whose value orders the items',
      },
      {
        name: 'order',
        displayName: 'Order',
        type: 'options',
        default: 'ascending',
        description: 'Smallest first or largest first',
        options: [
          { name: 'Ascending', value: 'ascending' },
          { name: 'Descending', value: 'descending' },
        ],
      },
    ],
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    displayOptions: simple,
    properties: [
      {
        name: 'disableDotNotation',
        displayName: 'Disable Dot Notation',
        type: 'boolean',
        default: false,
        description: 'Whether "a.b" names a field with a dot instead of field b inside a',
      },
    ],
  },
];

const collator = new Intl.Collator('en', { numeric: true });

/** Rank of a value's kind: numbers sort before text, text before booleans, booleans before objects. */
function rank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  return 3;
}

/**
 * Orders two present values: numbers numerically, text with a numeric-aware collation (`item2` before
 * `item10`), booleans false first, objects and arrays by their JSON; different kinds by {@link rank}.
 */
function compareValues(left: unknown, right: unknown): number {
  const kinds = rank(left) - rank(right);
  if (kinds !== 0) return kinds;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return collator.compare(left, right);
  if (typeof left === 'boolean') return Number(left) - Number(right);
  return collator.compare(JSON.stringify(left), JSON.stringify(right));
}

const missing = (value: unknown) => value === undefined || value === null;

function sortKeys(raw: unknown): { field: string; descending: boolean }[] {
  const fields = listParameter<SortField>(raw, 'sortFieldsUi');
  if (fields.length === 0) throw invalidParameter('"Fields To Sort By" needs at least one field');
  return fields.map((spec, index) => {
    if (typeof spec.fieldName !== 'string' || spec.fieldName.trim() === '') {
      throw invalidParameter(`field to sort by ${index} has no field name`, {
        parameter: 'sortFieldsUi',
        field: index,
      });
    }
    const order = choice(
      spec.order ?? 'ascending',
      ['ascending', 'descending'],
      `sortFieldsUi[${index}].order`,
    );
    return { field: spec.fieldName.trim(), descending: order === 'descending' };
  });
}

/** Fisher–Yates shuffle of a copy. */
function shuffled<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let index = out.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}

/** Sort: orders items by field values (stable, multi-key, missing values last) or shuffles them. */
export const sortNode = defineNode({
  type: 'core.sort',
  version: 1,
  displayName: 'Sort',
  description: 'Changes the order of items',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const paired = (inputs[0] ?? []).map((item, index): Item => withPair(item, index));
    const type = ctx.getParameter<unknown>('type', 0);
    if (type === 'code') {
      throw invalidParameter('sorting with code is not supported; sort in a Code node instead', {
        parameter: 'type',
      });
    }
    if (choice(type, ['simple', 'random'], 'type') === 'random') return [shuffled(paired)];
    const keys = sortKeys(ctx.getParameter('sortFieldsUi', 0));
    const dotNotation = !ctx.getParameter('options.disableDotNotation', 0, false);
    // Read each key once per item rather than on every comparison.
    const rows = paired.map((item) => ({
      item,
      values: keys.map((key) => getField(item.json, key.field, dotNotation)),
    }));
    rows.sort((a, b) => {
      for (const [index, key] of keys.entries()) {
        const left = a.values[index];
        const right = b.values[index];
        if (missing(left) || missing(right)) {
          if (missing(left) !== missing(right)) return missing(left) ? 1 : -1;
          continue;
        }
        const order = compareValues(left, right);
        if (order !== 0) return key.descending ? -order : order;
      }
      return 0;
    });
    return [rows.map((row) => row.item)];
  },
});
