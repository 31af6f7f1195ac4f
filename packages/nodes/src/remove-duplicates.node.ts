import { defineNode } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { choice } from './shared/choice.js';
import { parseFieldList } from './shared/field-list.js';
import { getField, omitFields, pickFields } from './shared/field-path.js';
import { withPair } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';
import { canonicalKey } from './shared/value-equality.js';

type Compare = 'allFields' | 'allFieldsExcept' | 'selectedFields';

const properties: PropertySpec[] = [
  {
    name: 'compare',
    displayName: 'Compare',
    type: 'options',
    default: 'allFields',
    description: 'Which fields must be equal for two items to count as duplicates',
    options: [
      { name: 'All Fields', value: 'allFields', description: 'Items equal in every field' },
      { name: 'All Fields Except', value: 'allFieldsExcept', description: 'Ignore the listed fields' },
      { name: 'Selected Fields', value: 'selectedFields', description: 'Compare only the listed fields' },
    ],
  },
  {
    name: 'fieldsToExclude',
    displayName: 'Fields To Exclude',
    type: 'string',
    default: '',
    placeholder: 'e.g. id, updatedAt',
    description: 'Comma-separated fields ignored when comparing',
    displayOptions: { show: { compare: ['allFieldsExcept'] } },
  },
  {
    name: 'fieldsToCompare',
    displayName: 'Fields To Compare',
    type: 'string',
    default: '',
    placeholder: 'e.g. email, address.city',
    description: 'Comma-separated fields that must be equal',
    displayOptions: { show: { compare: ['selectedFields'] } },
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    displayOptions: { show: { compare: ['allFieldsExcept', 'selectedFields'] } },
    properties: [
      {
        name: 'disableDotNotation',
        displayName: 'Disable Dot Notation',
        type: 'boolean',
        default: false,
        description: 'Whether "a.b" names a field with a dot instead of field b inside a',
      },
      {
        name: 'removeOtherFields',
        displayName: 'Remove Other Fields',
        type: 'boolean',
        default: false,
        description: 'Whether the kept items hold only the compared fields (Selected Fields only)',
      },
    ],
  },
];

/** Remove Duplicates: keeps the first of each group of items with deeply equal compared fields. */
export const removeDuplicatesNode = defineNode({
  type: 'core.removeDuplicates',
  version: 1,
  displayName: 'Remove Duplicates',
  description: 'Drops items that repeat an earlier item',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const compare = choice<Compare>(
      ctx.getParameter('compare', 0),
      ['allFields', 'allFieldsExcept', 'selectedFields'],
      'compare',
    );
    const dotNotation = !ctx.getParameter('options.disableDotNotation', 0, false);
    const excluded = parseFieldList(ctx.getParameter('fieldsToExclude', 0), 'fieldsToExclude');
    const selected = parseFieldList(ctx.getParameter('fieldsToCompare', 0), 'fieldsToCompare');
    if (compare === 'selectedFields' && selected.length === 0) {
      throw invalidParameter('"Fields To Compare" needs at least one field', {
        parameter: 'fieldsToCompare',
      });
    }
    const removeOtherFields =
      compare === 'selectedFields' && ctx.getParameter('options.removeOtherFields', 0, false);
    // Missing selected fields compare as undefined, so items lacking the same fields are duplicates.
    const compared = (json: Record<string, unknown>): unknown => {
      if (compare === 'allFields') return json;
      if (compare === 'allFieldsExcept') return omitFields(json, excluded, dotNotation);
      return selected.map((field) => getField(json, field, dotNotation));
    };
    const seen = new Set<string>();
    const kept: Item[] = [];
    for (const [index, item] of (inputs[0] ?? []).entries()) {
      const key = canonicalKey(compared(item.json));
      if (seen.has(key)) continue;
      seen.add(key);
      const out = withPair(item, index);
      if (removeOtherFields) out.json = pickFields(item.json, selected, dotNotation);
      kept.push(out);
    }
    return [kept];
  },
});
