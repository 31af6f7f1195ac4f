import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { UserError } from '@klikkflow/types';
import { parseFieldList } from './shared/field-list.js';
import { getField, omitFields, pickFields } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';

const properties: PropertySpec[] = [
  {
    name: 'fieldToSplitOut',
    displayName: 'Fields To Split Out',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. items',
    description: 'The list field to turn into separate items (comma-separate several to split them together)',
  },
  {
    name: 'include',
    displayName: 'Include',
    type: 'options',
    default: 'noOtherFields',
    description: 'Which other fields of the input item to copy to each new item',
    options: [
      { name: 'No Other Fields', value: 'noOtherFields' },
      { name: 'All Other Fields', value: 'allOtherFields' },
      { name: 'Selected Other Fields', value: 'selectedOtherFields' },
    ],
  },
  {
    name: 'fieldsToInclude',
    displayName: 'Fields To Include',
    type: 'string',
    default: '',
    placeholder: 'e.g. id, name',
    description: 'Comma-separated fields of the input item to copy to each new item',
    displayOptions: { show: { include: ['selectedOtherFields'] } },
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'destinationFieldName',
        displayName: 'Destination Field Name',
        type: 'string',
        default: '',
        description: 'Field each element is written to (comma-separated, one per split field)',
      },
      {
        name: 'disableDotNotation',
        displayName: 'Disable Dot Notation',
        type: 'boolean',
        default: false,
        description: 'Whether "a.b" names a field with a dot instead of field b inside a',
      },
      {
        name: 'includeBinary',
        displayName: 'Include Binary',
        type: 'boolean',
        default: false,
        description: 'Whether to copy the input item’s binary data to each new item',
      },
    ],
  },
];

/** A split field's value as a list: arrays as they are, any other value as one element. */
function elementsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Split Out: turns a list inside each item into one item per element. */
export const splitOutNode = defineNode({
  type: 'core.splitOut',
  version: 1,
  displayName: 'Split Out',
  description: 'Turns a list inside an item into separate items',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const out: Item[] = [];
    let found = false;
    items.forEach((item, itemIndex) => {
      const fields = parseFieldList(ctx.getParameter('fieldToSplitOut', itemIndex), 'fieldToSplitOut');
      if (fields.length === 0)
        throw invalidParameter(`"Fields To Split Out" is empty (item ${itemIndex})`, { itemIndex });
      const dotNotation = !ctx.getParameter('options.disableDotNotation', itemIndex, false);
      const destinations = parseFieldList(
        ctx.getParameter('options.destinationFieldName', itemIndex),
        'destinationFieldName',
      );
      const include = ctx.getParameter<string>('include', itemIndex);
      const lists = fields.map((field) => {
        const value = getField(item.json, field, dotNotation);
        return value === undefined ? undefined : elementsOf(value);
      });
      if (lists.every((list) => list === undefined)) return;
      found = true;
      let base: Record<string, unknown>;
      if (include === 'allOtherFields') base = omitFields(item.json, fields, dotNotation);
      else if (include === 'selectedOtherFields') {
        base = pickFields(
          item.json,
          parseFieldList(ctx.getParameter('fieldsToInclude', itemIndex), 'fieldsToInclude'),
          dotNotation,
        );
      } else if (include === 'noOtherFields') base = {};
      else throw invalidParameter(`unknown "include" value ${JSON.stringify(include)}`, { itemIndex });
      const length = Math.max(...lists.map((list) => list?.length ?? 0));
      for (let index = 0; index < length; index++) {
        let json: Record<string, unknown> = { ...base };
        fields.forEach((field, fieldIndex) => {
          const list = lists[fieldIndex];
          if (!list || index >= list.length) return;
          const element = list[index];
          const destination = destinations[fieldIndex];
          // Only with no other fields and no destination does an object element become the item itself.
          if (include === 'noOtherFields' && !destination && isPlainObject(element))
            json = { ...element, ...json };
          else json[destination ?? field] = element;
        });
        const next: Item = { json, pairedItem: pairedTo(itemIndex) };
        if (item.binary && ctx.getParameter('options.includeBinary', itemIndex, false))
          next.binary = item.binary;
        out.push(next);
      }
    });
    if (items.length > 0 && !found) {
      const field = ctx.getParameter('fieldToSplitOut', 0);
      throw new UserError(
        'NODE_FIELD_MISSING',
        `the field "${String(field)}" is in none of the input items`,
        {
          details: { field },
        },
      );
    }
    return [out];
  },
});
