import { defineNode, type NodeExecutionContext, withDefaults } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { type FieldPair, type JoinMode, mergeByFields, type OutputDataFrom } from './merge-by-fields.js';
import { listParameter } from './shared/field-list.js';
import { mergeSourced, passSourced, sourced } from './shared/merge-items.js';
import { invalidParameter } from './shared/parameter-error.js';

const byFields = { show: { mode: ['combineByFields'] } };

const properties: PropertySpec[] = [
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'append',
    description: 'How the inputs are combined',
    options: [
      {
        name: 'Append',
        value: 'append',
        description: 'Output the items of each input, one input after another',
      },
      {
        name: 'Combine by Matching Fields',
        value: 'combineByFields',
        description: 'Join items whose fields are equal',
      },
      {
        name: 'Combine by Position',
        value: 'combineByPosition',
        description: 'Merge items at the same index',
      },
      { name: 'All Possible Combinations', value: 'combineAll', description: 'Merge every pair of items' },
      {
        name: 'Choose Branch',
        value: 'chooseBranch',
        description: 'Wait for all inputs, output one of them',
      },
    ],
  },
  {
    name: 'numberInputs',
    displayName: 'Number of Inputs',
    type: 'number',
    default: 2,
    description: 'How many inputs to combine',
    typeOptions: { minValue: 2 },
    displayOptions: { show: { mode: ['append', 'combineByPosition'] } },
  },
  {
    name: 'fieldsToMatch',
    displayName: 'Fields to Match',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Field of input 1 and field of input 2 that must be equal',
    properties: [
      {
        name: 'field1',
        displayName: 'Input 1 Field',
        type: 'string',
        default: '',
        description: 'Field in input 1',
      },
      {
        name: 'field2',
        displayName: 'Input 2 Field',
        type: 'string',
        default: '',
        description: 'Field in input 2',
      },
    ],
    displayOptions: byFields,
  },
  {
    name: 'joinMode',
    displayName: 'Output Type',
    type: 'options',
    default: 'keepMatches',
    description: 'Which items to output',
    options: [
      { name: 'Keep Matches', value: 'keepMatches', description: 'Only items that match (inner join)' },
      { name: 'Keep Non-Matches', value: 'keepNonMatches', description: 'Only items that do not match' },
      {
        name: 'Keep Everything',
        value: 'keepEverything',
        description: 'Matches merged, plus the rest (outer join)',
      },
      {
        name: 'Enrich Input 1',
        value: 'enrichInput1',
        description: 'Every input 1 item, merged with matches',
      },
      {
        name: 'Enrich Input 2',
        value: 'enrichInput2',
        description: 'Every input 2 item, merged with matches',
      },
    ],
    displayOptions: byFields,
  },
  {
    name: 'outputDataFrom',
    displayName: 'Output Data From',
    type: 'options',
    default: 'both',
    description: 'Whose data to output',
    options: [
      { name: 'Both Inputs Merged Together', value: 'both' },
      { name: 'Input 1', value: 'input1' },
      { name: 'Input 2', value: 'input2' },
    ],
    displayOptions: { show: { mode: ['combineByFields'], joinMode: ['keepMatches', 'keepNonMatches'] } },
  },
  {
    name: 'output',
    displayName: 'Output Type',
    type: 'options',
    default: 'specifiedInput',
    description: 'What to output once every input has arrived',
    options: [
      { name: 'Data of Specified Input', value: 'specifiedInput' },
      { name: 'A Single, Empty Item', value: 'empty' },
    ],
    displayOptions: { show: { mode: ['chooseBranch'] } },
  },
  {
    name: 'useDataOfInput',
    displayName: 'Use Data of Input',
    type: 'number',
    default: 1,
    description: 'Number of the input (from 1) whose items are output',
    typeOptions: { minValue: 1 },
    displayOptions: { show: { mode: ['chooseBranch'], output: ['specifiedInput'] } },
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'includeUnpaired',
        displayName: 'Include Any Unpaired Items',
        type: 'boolean',
        default: false,
        description: 'Combine by position: whether to keep items that have no partner',
      },
      {
        name: 'fuzzyCompare',
        displayName: 'Fuzzy Compare',
        type: 'boolean',
        default: false,
        description: 'Combine by fields: whether 3 matches "3"',
      },
    ],
  },
];

function inputCount(ctx: NodeExecutionContext): number {
  const count = Number(ctx.getParameter('numberInputs', 0, 2));
  if (!Number.isInteger(count) || count < 2) {
    throw invalidParameter(`"numberInputs" must be a whole number of at least 2, not ${count}`);
  }
  return count;
}

function combineByPosition(inputs: Item[][], count: number, includeUnpaired: boolean): Item[] {
  const lists = Array.from({ length: count }, (_, input) => sourced(inputs[input] ?? [], input));
  const lengths = lists.map((list) => list.length);
  const length = includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
  return Array.from({ length }, (_, index) => mergeSourced(lists.flatMap((list) => list[index] ?? [])));
}

function chooseBranch(ctx: NodeExecutionContext, inputs: Item[][]): Item[] {
  if (ctx.getParameter('output', 0) === 'empty') {
    const all = inputs.flatMap((items, input) => sourced(items, input));
    return [mergeSourced(all.map((source) => ({ ...source, item: { json: {} } })))];
  }
  const chosen = Number(ctx.getParameter('useDataOfInput', 0, 1));
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > 2) {
    throw invalidParameter(`"useDataOfInput" must be 1 or 2, not ${JSON.stringify(chosen)}`);
  }
  return sourced(inputs[chosen - 1] ?? [], chosen - 1).map(passSourced);
}

/** Merge: combines the items of several inputs (append, join on fields, by position, ...). */
export const mergeNode = defineNode({
  type: 'core.merge',
  version: 1,
  displayName: 'Merge',
  description: 'Combines the items of two or more inputs',
  group: 'logic',
  inputs: [
    { kind: 'main', label: 'Input 1' },
    { kind: 'main', label: 'Input 2' },
  ],
  outputs: [{ kind: 'main' }],
  properties,
  resolveInputs: (parameters) => {
    const count = Number(withDefaults(properties, parameters).numberInputs);
    return Array.from({ length: Number.isInteger(count) && count > 2 ? count : 2 }, (_, index) => ({
      kind: 'main',
      label: `Input ${index + 1}`,
    }));
  },
  // chooseBranch waits for both inputs; other modes run with what arrived (a missing input counts as []).
  requiredInputs: (parameters) =>
    withDefaults(properties, parameters).mode === 'chooseBranch' ? [0, 1] : [],
  async execute(ctx, inputs) {
    const mode = ctx.getParameter<string>('mode', 0);
    const input1 = inputs[0] ?? [];
    const input2 = inputs[1] ?? [];
    switch (mode) {
      case 'append':
        return [
          Array.from({ length: inputCount(ctx) }, (_, input) =>
            sourced(inputs[input] ?? [], input).map(passSourced),
          ).flat(),
        ];
      case 'combineByFields':
        return [
          mergeByFields(input1, input2, {
            fields: listParameter<FieldPair>(ctx.getParameter('fieldsToMatch', 0), 'fieldsToMatch'),
            joinMode: ctx.getParameter<JoinMode>('joinMode', 0, 'keepMatches'),
            outputDataFrom: ctx.getParameter<OutputDataFrom>('outputDataFrom', 0, 'both'),
            fuzzyCompare: ctx.getParameter('options.fuzzyCompare', 0, false),
          }),
        ];
      case 'combineByPosition':
        return [
          combineByPosition(inputs, inputCount(ctx), ctx.getParameter('options.includeUnpaired', 0, false)),
        ];
      case 'combineAll':
        return [
          sourced(input1, 0).flatMap((one) => sourced(input2, 1).map((two) => mergeSourced([one, two]))),
        ];
      case 'chooseBranch':
        return [chooseBranch(ctx, inputs)];
      default:
        throw invalidParameter(`unknown merge mode ${JSON.stringify(mode)}`, { parameter: 'mode' });
    }
  },
});
