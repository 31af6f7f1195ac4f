import { defineNode, type NodeExecutionContext, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import {
  binaryPropertyName,
  binaryPropertyNameProperty,
  decodeUtf8,
  malformedFile,
  readItemBinary,
} from './shared/binary-data.js';
import { choice } from './shared/choice.js';
import { setField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import { readXlsx } from './shared/spreadsheet.js';
import { rowsToRecords } from './shared/table-rows.js';

type Operation = 'csv' | 'json' | 'text' | 'xlsx';
type JsonRecord = Record<string, unknown>;
const operations: readonly Operation[] = ['csv', 'json', 'text', 'xlsx'];
/** n8n's operation name for JSON, accepted as it is so imported workflows run. */
const aliases: Record<string, Operation> = { fromJson: 'json' };
const formatNames: Record<Operation, string> = { csv: 'CSV', json: 'JSON', text: 'UTF-8 text', xlsx: 'XLSX' };
const show = (...operation: Operation[]) => ({ show: { operation } });

const properties: PropertySpec[] = [
  {
    name: 'operation',
    displayName: 'Operation',
    type: 'options',
    default: 'csv',
    description: 'Format of the file to read',
    options: [
      { name: 'Extract From CSV', value: 'csv', description: 'One item per row' },
      { name: 'Extract From JSON', value: 'json', description: 'One item per array element, or the object' },
      { name: 'Extract From Text File', value: 'text', description: 'The whole text in one field' },
      { name: 'Extract From XLSX', value: 'xlsx', description: 'One item per row of a sheet' },
    ],
  },
  binaryPropertyNameProperty('Binary property holding the file'),
  {
    name: 'destinationKey',
    displayName: 'Destination Field',
    type: 'string',
    default: 'data',
    description: 'Field the text is put in',
    displayOptions: show('text'),
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'delimiter',
        displayName: 'Delimiter',
        type: 'string',
        default: ',',
        description: 'Character between CSV fields',
        displayOptions: show('csv'),
      },
      {
        name: 'headerRow',
        displayName: 'Header Row',
        type: 'boolean',
        default: true,
        description: 'Whether the first row holds the column names (otherwise each row is { row: [...] })',
        displayOptions: show('csv', 'xlsx'),
      },
      {
        name: 'sheetName',
        displayName: 'Sheet Name',
        type: 'string',
        default: '',
        description: 'Sheet to read (blank: the first)',
        displayOptions: show('xlsx'),
      },
    ],
  },
];

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON value as item json: objects as they are, anything else under `data`. */
const asJson = (value: unknown): JsonRecord => (isRecord(value) ? value : { data: value });

function stringOption(ctx: NodeExecutionContext, path: string, itemIndex: number, fallback: string): string {
  const value = ctx.getParameter<unknown>(path, itemIndex, fallback);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  throw invalidParameter(`"${path}" (item ${itemIndex}) must be text`, { parameter: path, itemIndex });
}

/** Parses one file into item json values; format errors are thrown as they come and named by the caller. */
async function extract(
  ctx: NodeExecutionContext,
  operation: Operation,
  data: Uint8Array,
  itemIndex: number,
): Promise<JsonRecord[]> {
  const headerRow = ctx.getParameter<unknown>('options.headerRow', itemIndex, true) !== false;
  switch (operation) {
    case 'csv': {
      const delimiter = stringOption(ctx, 'options.delimiter', itemIndex, ',') || ',';
      // The CSV parser loads on first use, not with the server.
      const { parse } = await import('csv-parse/sync');
      const rows = parse(decodeUtf8(data), { delimiter, bom: true, skip_empty_lines: true });
      return rowsToRecords(rows, headerRow);
    }
    case 'xlsx':
      return rowsToRecords(
        await readXlsx(data, stringOption(ctx, 'options.sheetName', itemIndex, '')),
        headerRow,
      );
    case 'json': {
      const value: unknown = JSON.parse(decodeUtf8(data));
      return Array.isArray(value) ? value.map(asJson) : [asJson(value)];
    }
    case 'text': {
      const key = stringOption(ctx, 'destinationKey', itemIndex, 'data') || 'data';
      const json: JsonRecord = {};
      setField(json, key, decodeUtf8(data));
      return [json];
    }
  }
}

/** Reads one item's file, naming the item and file when its content does not parse. */
async function extractItem(
  ctx: NodeExecutionContext,
  operation: Operation,
  item: Item,
  itemIndex: number,
): Promise<Item[]> {
  const { ref, data } = await readItemBinary(ctx, item, itemIndex, binaryPropertyName(ctx, itemIndex));
  let records: JsonRecord[];
  try {
    records = await extract(ctx, operation, data, itemIndex);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NODE_PARAMETER_INVALID') throw error;
    throw malformedFile(formatNames[operation], itemIndex, ref, error);
  }
  return records.map((json) => ({ json, pairedItem: pairedTo(itemIndex) }));
}

/** Extract from File: reads a CSV, JSON, text or Excel file held as binary data into items. */
export const extractFromFileNode = defineNode({
  type: 'core.extractFromFile',
  version: 1,
  displayName: 'Extract from File',
  description: 'Reads a CSV, JSON, text or XLSX file into items',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const output: Item[] = [];
    for (const [index, item] of (inputs[0] ?? []).entries()) {
      const raw = ctx.getParameter<unknown>('operation', index);
      const operation = choice(
        typeof raw === 'string' ? (aliases[raw] ?? raw) : raw,
        operations,
        'operation',
        index,
      );
      output.push(...(await extractItem(ctx, operation, item, index)));
    }
    return [output];
  },
});
