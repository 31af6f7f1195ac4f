import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { listParameter } from './shared/field-list.js';
import { setField } from './shared/field-path.js';
import { includedFields, includeProperties } from './shared/include-fields.js';
import { invalidParameter } from './shared/parameter-error.js';
import { convertValue, type FieldType, fieldTypes, tryConvert } from './shared/type-conversion.js';

/** One field to set in manual mode. */
interface Assignment {
  id?: string;
  name?: unknown;
  type?: FieldType;
  value?: unknown;
}

interface SetSettings {
  dotNotation: boolean;
  ignoreConversionErrors: boolean;
}

const properties: PropertySpec[] = [
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'manual',
    description: 'Set fields one by one, or write the whole output as JSON',
    options: [
      { name: 'Manual Mapping', value: 'manual', description: 'Edit item fields one by one' },
      { name: 'JSON', value: 'raw', description: 'Give the new fields as a JSON object' },
    ],
  },
  {
    name: 'assignments',
    displayName: 'Fields to Set',
    type: 'assignments',
    default: [],
    description: 'Fields to set: name (dots make nested fields), type and value',
    typeOptions: { types: fieldTypes },
    displayOptions: { show: { mode: ['manual'] } },
  },
  {
    name: 'jsonOutput',
    displayName: 'JSON',
    type: 'json',
    default: '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n',
    description: 'A JSON object whose fields are set on each item',
    displayOptions: { show: { mode: ['raw'] } },
  },
  ...includeProperties('none'),
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'dotNotation',
        displayName: 'Support Dot Notation',
        type: 'boolean',
        default: true,
        description: 'Whether "a.b" sets field b inside object a, instead of a field named "a.b"',
      },
      {
        name: 'ignoreConversionErrors',
        displayName: 'Ignore Type Conversion Errors',
        type: 'boolean',
        default: false,
        description: 'Whether to keep a value that cannot be converted as it is instead of failing',
      },
      {
        name: 'includeBinary',
        displayName: 'Include Binary File',
        type: 'boolean',
        default: true,
        description: 'Whether to keep the binary data of the input item',
      },
    ],
  },
];

function assign(
  out: Record<string, unknown>,
  assignment: Assignment,
  itemIndex: number,
  settings: SetSettings,
): void {
  const name = assignment.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidParameter(`a field to set (item ${itemIndex}) has no name`, { itemIndex });
  }
  const type = assignment.type ?? 'string';
  let value = assignment.value;
  if (settings.ignoreConversionErrors) {
    const converted = value === null || value === undefined ? value : tryConvert(value, type);
    if (converted !== undefined) value = converted;
  } else {
    value = convertValue(value, type, { field: name, itemIndex });
  }
  setField(out, name, value, settings.dotNotation);
}

function rawFields(value: unknown, itemIndex: number): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw invalidParameter(`JSON (item ${itemIndex}) is not valid JSON: ${(error as Error).message}`, {
        itemIndex,
        parameter: 'jsonOutput',
      });
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidParameter(`JSON (item ${itemIndex}) must be an object`, {
      itemIndex,
      parameter: 'jsonOutput',
    });
  }
  return parsed as Record<string, unknown>;
}

/** Edit Fields (Set): adds, overwrites or converts fields of each item. */
export const setNode = defineNode({
  type: 'core.set',
  version: 1,
  displayName: 'Edit Fields (Set)',
  description: 'Adds, changes or removes item fields',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    return [
      items.map((item, itemIndex): Item => {
        const settings: SetSettings = {
          dotNotation: ctx.getParameter('options.dotNotation', itemIndex, true),
          ignoreConversionErrors: ctx.getParameter('options.ignoreConversionErrors', itemIndex, false),
        };
        const out = includedFields(item.json, {
          include: ctx.getParameter('include', itemIndex),
          includeFields: ctx.getParameter('includeFields', itemIndex),
          excludeFields: ctx.getParameter('excludeFields', itemIndex),
          dotNotation: settings.dotNotation,
        });
        const mode = ctx.getParameter<string>('mode', itemIndex);
        if (mode === 'manual') {
          const assignments = listParameter<Assignment>(
            ctx.getParameter('assignments', itemIndex),
            'assignments',
          );
          for (const assignment of assignments) assign(out, assignment, itemIndex, settings);
        } else if (mode === 'raw') {
          const fields = rawFields(ctx.getParameter('jsonOutput', itemIndex), itemIndex);
          for (const [name, value] of Object.entries(fields))
            setField(out, name, value, settings.dotNotation);
        } else {
          throw invalidParameter(`"mode" must be manual or raw, not ${JSON.stringify(mode)}`, { itemIndex });
        }
        const result: Item = { json: out, pairedItem: pairedTo(itemIndex) };
        if (item.binary && ctx.getParameter('options.includeBinary', itemIndex, true))
          result.binary = item.binary;
        return result;
      }),
    ];
  },
});
