import { defineNode, type NodeExecutionContext, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { listParameter, parseFieldList } from './shared/field-list.js';
import { getField, omitFields, pickFields } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';

/** One field to collect from every item. */
interface FieldToAggregate {
  fieldToAggregate?: unknown;
  renameField?: boolean;
  outputFieldName?: unknown;
}

const allData = { show: { aggregate: ['aggregateAllItemData'] } };

const properties: PropertySpec[] = [
  {
    name: 'aggregate',
    displayName: 'Aggregate',
    type: 'options',
    default: 'individualFields',
    description: 'Collect chosen fields into lists, or whole items into one list',
    options: [
      { name: 'Individual Fields', value: 'individualFields' },
      { name: 'All Item Data (Into a Single List)', value: 'aggregateAllItemData' },
    ],
  },
  {
    name: 'fieldsToAggregate',
    displayName: 'Fields To Aggregate',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Fields whose values are collected into one list each',
    properties: [
      {
        name: 'fieldToAggregate',
        displayName: 'Input Field Name',
        type: 'string',
        default: '',
        description: 'Field to collect',
      },
      {
        name: 'renameField',
        displayName: 'Rename Field',
        type: 'boolean',
        default: false,
        description: 'Whether to name the list differently',
      },
      {
        name: 'outputFieldName',
        displayName: 'Output Field Name',
        type: 'string',
        default: '',
        description: 'Name of the output list',
        displayOptions: { show: { renameField: [true] } },
      },
    ],
    displayOptions: { show: { aggregate: ['individualFields'] } },
  },
  {
    name: 'destinationFieldName',
    displayName: 'Put Output in Field',
    type: 'string',
    default: 'data',
    description: 'Field that receives the list of items',
    displayOptions: allData,
  },
  {
    name: 'include',
    displayName: 'Include',
    type: 'options',
    default: 'allFields',
    description: 'Which fields of each item go into the list',
    options: [
      { name: 'All Fields', value: 'allFields' },
      { name: 'Specified Fields', value: 'specifiedFields' },
      { name: 'All Fields Except', value: 'allFieldsExcept' },
    ],
    displayOptions: allData,
  },
  {
    name: 'fieldsToInclude',
    displayName: 'Fields To Include',
    type: 'string',
    default: '',
    description: 'Comma-separated fields to keep of each item',
    displayOptions: { show: { aggregate: ['aggregateAllItemData'], include: ['specifiedFields'] } },
  },
  {
    name: 'fieldsToExclude',
    displayName: 'Fields To Exclude',
    type: 'string',
    default: '',
    description: 'Comma-separated fields to drop from each item',
    displayOptions: { show: { aggregate: ['aggregateAllItemData'], include: ['allFieldsExcept'] } },
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'mergeLists',
        displayName: 'Merge Lists',
        type: 'boolean',
        default: false,
        description: 'Whether list values are flattened into one list',
      },
      {
        name: 'keepMissing',
        displayName: 'Keep Missing And Null Values',
        type: 'boolean',
        default: false,
        description: 'Whether a missing value adds null to the list',
      },
      {
        name: 'disableDotNotation',
        displayName: 'Disable Dot Notation',
        type: 'boolean',
        default: false,
        description: 'Whether "a.b" names a field with a dot',
      },
    ],
  },
];

function aggregateFields(
  ctx: NodeExecutionContext,
  items: readonly Item[],
  dotNotation: boolean,
): Record<string, unknown> {
  const fields = listParameter<FieldToAggregate>(
    ctx.getParameter('fieldsToAggregate', 0),
    'fieldsToAggregate',
  );
  if (fields.length === 0) throw invalidParameter('"Fields To Aggregate" needs at least one field');
  const mergeLists = ctx.getParameter('options.mergeLists', 0, false);
  const keepMissing = ctx.getParameter('options.keepMissing', 0, false);
  const out: Record<string, unknown> = {};
  for (const [index, spec] of fields.entries()) {
    const input = spec.fieldToAggregate;
    if (typeof input !== 'string' || input.trim() === '') {
      throw invalidParameter(`field to aggregate ${index} has no input field name`, { field: index });
    }
    const name = spec.renameField ? spec.outputFieldName : input;
    if (typeof name !== 'string' || name.trim() === '') {
      throw invalidParameter(`field to aggregate "${input}" has no output field name`, { field: input });
    }
    if (Object.hasOwn(out, name)) {
      throw invalidParameter(`the output field "${name}" is used more than once`, { field: name });
    }
    const values: unknown[] = [];
    for (const item of items) {
      const value = getField(item.json, input, dotNotation);
      if (value === undefined || value === null) {
        if (keepMissing) values.push(value ?? null);
      } else if (mergeLists && Array.isArray(value)) values.push(...value);
      else values.push(value);
    }
    out[name] = values;
  }
  return out;
}

function aggregateItems(
  ctx: NodeExecutionContext,
  items: readonly Item[],
  dotNotation: boolean,
): Record<string, unknown> {
  const destination = ctx.getParameter<string>('destinationFieldName', 0, 'data');
  if (typeof destination !== 'string' || destination === '')
    throw invalidParameter('"Put Output in Field" is empty');
  const include = ctx.getParameter<string>('include', 0, 'allFields');
  const pick = (json: Record<string, unknown>): Record<string, unknown> => {
    if (include === 'allFields') return json;
    if (include === 'specifiedFields')
      return pickFields(
        json,
        parseFieldList(ctx.getParameter('fieldsToInclude', 0), 'fieldsToInclude'),
        dotNotation,
      );
    if (include === 'allFieldsExcept')
      return omitFields(
        json,
        parseFieldList(ctx.getParameter('fieldsToExclude', 0), 'fieldsToExclude'),
        dotNotation,
      );
    throw invalidParameter(`unknown "include" value ${JSON.stringify(include)}`);
  };
  return { [destination]: items.map((item) => pick(item.json)) };
}

/** Aggregate: collects values of all items into lists on a single item. */
export const aggregateNode = defineNode({
  type: 'core.aggregate',
  version: 1,
  displayName: 'Aggregate',
  description: 'Combines fields of many items into lists on one item',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    if (items.length === 0) return [[]];
    const dotNotation = !ctx.getParameter('options.disableDotNotation', 0, false);
    const mode = ctx.getParameter<string>('aggregate', 0);
    let json: Record<string, unknown>;
    if (mode === 'individualFields') json = aggregateFields(ctx, items, dotNotation);
    else if (mode === 'aggregateAllItemData') json = aggregateItems(ctx, items, dotNotation);
    else throw invalidParameter(`unknown "aggregate" value ${JSON.stringify(mode)}`);
    return [[{ json, pairedItem: items.map((_, index) => pairedTo(index)) }]];
  },
});
