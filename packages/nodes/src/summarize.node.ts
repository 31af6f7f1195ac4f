import { defineNode, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import { choice } from './shared/choice.js';
import { listParameter, parseFieldList } from './shared/field-list.js';
import { getField, setField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import {
  type Aggregation,
  aggregate,
  aggregationOutputName,
  aggregations,
  type FieldSummary,
} from './summarize-aggregations.js';

/** One "field to summarize" entry as stored in a workflow. */
interface FieldToSummarize {
  aggregation?: unknown;
  field?: unknown;
  includeEmpty?: unknown;
  separateBy?: unknown;
  customSeparator?: unknown;
}

const properties: PropertySpec[] = [
  {
    name: 'fieldsToSummarize',
    displayName: 'Fields to Summarize',
    type: 'fixedCollection',
    default: [{ aggregation: 'count', field: '' }],
    multipleValues: true,
    description: 'The fields to combine and how',
    properties: [
      {
        name: 'aggregation',
        displayName: 'Aggregation',
        type: 'options',
        default: 'count',
        description: 'How to combine the values of the field',
        options: [
          { name: 'Append', value: 'append', description: 'List the values' },
          { name: 'Average', value: 'average', description: 'Numeric average' },
          { name: 'Concatenate', value: 'concatenate', description: 'Join the values as text' },
          { name: 'Count', value: 'count', description: 'Number of values' },
          { name: 'Count Unique', value: 'countUnique', description: 'Number of distinct values' },
          { name: 'Max', value: 'max', description: 'Largest number' },
          { name: 'Min', value: 'min', description: 'Smallest number' },
          { name: 'Sum', value: 'sum', description: 'Total of the numbers' },
        ],
      },
      {
        name: 'field',
        displayName: 'Field',
        type: 'string',
        default: '',
        placeholder: 'e.g. order.total',
        description: 'Input field to summarize',
      },
      {
        name: 'includeEmpty',
        displayName: 'Include Empty Values',
        type: 'boolean',
        default: false,
        description: 'Whether missing, null and empty-text values take part',
        displayOptions: { show: { aggregation: ['append', 'concatenate', 'count', 'countUnique'] } },
      },
      {
        name: 'separateBy',
        displayName: 'Separator',
        type: 'options',
        default: ',',
        description: 'What to put between concatenated values',
        displayOptions: { show: { aggregation: ['concatenate'] } },
        options: [
          { name: 'Comma', value: ',' },
          { name: 'Comma and Space', value: ', ' },
          { name: 'New Line', value: '\n' },
          { name: 'None', value: '' },
          { name: 'Space', value: ' ' },
          { name: 'Other', value: 'other', description: 'Give your own separator' },
        ],
      },
      {
        name: 'customSeparator',
        displayName: 'Custom Separator',
        type: 'string',
        default: '',
        description: 'Text to put between concatenated values',
        displayOptions: { show: { aggregation: ['concatenate'], separateBy: ['other'] } },
      },
    ],
  },
  {
    name: 'fieldsToSplitBy',
    displayName: 'Fields to Split By',
    type: 'string',
    default: '',
    placeholder: 'e.g. country, city',
    description: 'Comma-separated fields to group by: one summary per distinct combination',
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'outputFormat',
        displayName: 'Output Format',
        type: 'options',
        default: 'separateItems',
        description: 'One item per group, or every group nested in one item',
        options: [
          { name: 'Each Split in a Separate Item', value: 'separateItems' },
          { name: 'All Splits in a Single Item', value: 'singleItem' },
        ],
      },
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

function readSummaries(raw: unknown): FieldSummary[] {
  const entries = listParameter<FieldToSummarize>(raw, 'fieldsToSummarize');
  if (entries.length === 0) throw invalidParameter('"Fields to Summarize" needs at least one field');
  return entries.map((entry, index) => {
    const aggregation = choice<Aggregation>(
      entry.aggregation ?? 'count',
      aggregations,
      `fieldsToSummarize[${index}].aggregation`,
    );
    if (typeof entry.field !== 'string' || entry.field.trim() === '') {
      throw invalidParameter(`field to summarize ${index} has no field name`, {
        parameter: 'fieldsToSummarize',
        field: index,
      });
    }
    const separateBy = entry.separateBy ?? ',';
    const separator = separateBy === 'other' ? entry.customSeparator : separateBy;
    return {
      aggregation,
      field: entry.field.trim(),
      includeEmpty: entry.includeEmpty === true,
      separator: typeof separator === 'string' ? separator : ',',
    };
  });
}

/** A group of items sharing the values of the split fields. */
interface Group {
  values: unknown[];
  indexes: number[];
}

/** Summarize: groups items by fields and aggregates fields per group, like a pivot table. */
export const summarizeNode = defineNode({
  type: 'core.summarize',
  version: 1,
  displayName: 'Summarize',
  description: 'Counts, sums, averages or lists fields, grouped by other fields',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const summaries = readSummaries(ctx.getParameter('fieldsToSummarize', 0));
    const splitBy = parseFieldList(ctx.getParameter('fieldsToSplitBy', 0), 'fieldsToSplitBy');
    const format = choice(
      ctx.getParameter('options.outputFormat', 0, 'separateItems'),
      ['separateItems', 'singleItem'],
      'options.outputFormat',
    );
    const dotNotation = !ctx.getParameter('options.disableDotNotation', 0, false);
    if (items.length === 0) return [[]];
    // Map keyed by the values' JSON keeps groups in order of first appearance.
    const groups = new Map<string, Group>();
    for (const [index, item] of items.entries()) {
      const values = splitBy.map((field) => getField(item.json, field, dotNotation) ?? null);
      const key = JSON.stringify(values);
      const group = groups.get(key) ?? { values, indexes: [] };
      group.indexes.push(index);
      groups.set(key, group);
    }
    const summaryOf = (group: Group): Record<string, unknown> => {
      const json: Record<string, unknown> = {};
      for (const summary of summaries) {
        const sources = group.indexes.map((index) => ({
          index,
          value: getField(items[index]?.json, summary.field, dotNotation),
        }));
        json[aggregationOutputName(summary)] = aggregate(summary, sources);
      }
      return json;
    };
    const paired = (indexes: number[]) => indexes.map((index) => pairedTo(index));
    if (format === 'singleItem') {
      const json: Record<string, unknown> = {};
      for (const group of groups.values()) {
        // Nest by each split value; the text of the value is the key, like n8n.
        const path = group.values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
        if (path.length === 0) Object.assign(json, summaryOf(group));
        else setNested(json, path, summaryOf(group));
      }
      return [[{ json, pairedItem: paired(items.map((_, index) => index)) }]];
    }
    return [
      [...groups.values()].map((group): Item => {
        const json: Record<string, unknown> = {};
        for (const [index, field] of splitBy.entries())
          setField(json, field, group.values[index], dotNotation);
        Object.assign(json, summaryOf(group));
        return { json, pairedItem: paired(group.indexes) };
      }),
    ];
  },
});

function setNested(target: Record<string, unknown>, path: string[], value: Record<string, unknown>): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    const child = current[key];
    const next = child !== null && typeof child === 'object' ? (child as Record<string, unknown>) : {};
    current[key] = next;
    current = next;
  }
  current[path[path.length - 1] ?? ''] = value;
}
