import { defineNode, type NodeExecutionContext, pairedTo } from '@klikkflow/plugin-sdk';
import type { BinaryRef, Item, PropertySpec } from '@klikkflow/types';
import { binaryPropertyName, binaryPropertyNameProperty, mimeTypeOf } from './shared/binary-data.js';
import { choice } from './shared/choice.js';
import { getField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import { writeXlsx } from './shared/spreadsheet.js';
import { cellOf, recordsToRows } from './shared/table-rows.js';

type Operation = 'csv' | 'json' | 'text' | 'xlsx';
const operations: readonly Operation[] = ['csv', 'json', 'text', 'xlsx'];
/** n8n's operation names, accepted as they are so imported workflows run. */
const aliases: Record<string, Operation> = { toJson: 'json', toText: 'text' };
const extensions: Record<Operation, string> = { csv: 'csv', json: 'json', text: 'txt', xlsx: 'xlsx' };
const show = (...operation: Operation[]) => ({ show: { operation } });

const properties: PropertySpec[] = [
  {
    name: 'operation',
    displayName: 'Operation',
    type: 'options',
    default: 'csv',
    description: 'Which file to make',
    options: [
      { name: 'Convert to CSV', value: 'csv', description: 'All items as the rows of one CSV file' },
      { name: 'Convert to JSON', value: 'json', description: 'Items as a JSON file' },
      { name: 'Convert to Text File', value: 'text', description: 'A field of each item as a text file' },
      { name: 'Convert to XLSX', value: 'xlsx', description: 'All items as the rows of one Excel sheet' },
    ],
  },
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'once',
    description: 'One file for all items, or one per item',
    options: [
      { name: 'All Items to One File', value: 'once', description: 'A JSON array of every item' },
      { name: 'Each Item to Separate File', value: 'each', description: 'A JSON object per item' },
    ],
    displayOptions: show('json'),
  },
  {
    name: 'sourceProperty',
    displayName: 'Text Field',
    type: 'string',
    default: 'data',
    description: 'Field whose value becomes the file content (dot notation for nested fields)',
    displayOptions: show('text'),
  },
  binaryPropertyNameProperty('Binary property the file is put in'),
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'fileName',
        displayName: 'File Name',
        type: 'string',
        default: '',
        description: 'Default data.<ext>',
      },
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
        description: 'Whether the first row holds the column names',
        displayOptions: show('csv', 'xlsx'),
      },
      {
        name: 'sheetName',
        displayName: 'Sheet Name',
        type: 'string',
        default: 'Sheet',
        description: 'Name of the worksheet',
        displayOptions: show('xlsx'),
      },
      {
        name: 'pretty',
        displayName: 'Pretty Print',
        type: 'boolean',
        default: false,
        description: 'Whether to indent the JSON',
        displayOptions: show('json'),
      },
    ],
  },
];

const encoder = new TextEncoder();

/** A text option; blank or unset gives `fallback`. */
function textOption(ctx: NodeExecutionContext, name: string, itemIndex: number, fallback: string): string {
  const value = ctx.getParameter<unknown>(`options.${name}`, itemIndex, fallback);
  if (typeof value === 'string' && value !== '') return value;
  if (value === undefined || value === null || value === '') return fallback;
  throw invalidParameter(`"options.${name}" (item ${itemIndex}) must be text`, {
    parameter: `options.${name}`,
    itemIndex,
  });
}

/** Stores a file and builds its item: `json` plus the input's other binaries (when given) plus the file. */
async function fileItem(
  ctx: NodeExecutionContext,
  operation: Operation,
  content: Uint8Array,
  itemIndex: number,
  mimeType: string,
  base: { json: Item['json']; binary?: Record<string, BinaryRef> },
  pairedItem: Item['pairedItem'],
): Promise<Item> {
  const fileName = textOption(ctx, 'fileName', itemIndex, `data.${extensions[operation]}`);
  const ref = await ctx.helpers.storeBinary(content, { mimeType, fileName });
  const binary = { ...base.binary, [binaryPropertyName(ctx, itemIndex)]: ref };
  return { json: base.json, binary, pairedItem };
}

/** A CSV cell as text: booleans as `true`/`false` rather than csv-stringify's `1`/empty. */
const csvCell = (value: unknown) => {
  const cell = cellOf(value);
  return cell === null ? '' : String(cell);
};

/** The content of the all-items file of `operation`. */
async function allItemsFile(
  ctx: NodeExecutionContext,
  operation: Operation,
  items: Item[],
): Promise<Uint8Array> {
  const records = items.map((item) => item.json);
  const headerRow = ctx.getParameter<unknown>('options.headerRow', 0, true) !== false;
  if (operation === 'csv') {
    const delimiter = textOption(ctx, 'delimiter', 0, ',');
    const rows = recordsToRows(records, headerRow).map((row) => row.map(csvCell));
    // The CSV writer loads on first use, not with the server.
    const { stringify } = await import('csv-stringify/sync');
    return encoder.encode(stringify(rows, { delimiter }));
  }
  if (operation === 'xlsx')
    return writeXlsx(recordsToRows(records, headerRow), textOption(ctx, 'sheetName', 0, 'Sheet'));
  return jsonBytes(ctx, records, 0);
}

function jsonBytes(ctx: NodeExecutionContext, value: unknown, itemIndex: number): Uint8Array {
  const pretty = ctx.getParameter<unknown>('options.pretty', itemIndex, false) === true;
  return encoder.encode(JSON.stringify(value, null, pretty ? 2 : undefined));
}

/** The text file content of one item: its field's value (objects as JSON). */
function textContent(ctx: NodeExecutionContext, item: Item, itemIndex: number): Uint8Array {
  const field = ctx.getParameter<unknown>('sourceProperty', itemIndex, 'data');
  const value = typeof field === 'string' ? getField(item.json, field) : undefined;
  if (value === undefined || value === null) {
    throw invalidParameter(
      `item ${itemIndex} has no value in field ${JSON.stringify(field)} to write as text`,
      {
        parameter: 'sourceProperty',
        itemIndex,
      },
    );
  }
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Convert to File: turns items into a CSV, JSON, text or Excel file held as binary data. */
export const convertToFileNode = defineNode({
  type: 'core.convertToFile',
  version: 1,
  displayName: 'Convert to File',
  description: 'Turns items into a CSV, JSON, text or XLSX file',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    if (items.length === 0) return [[]];
    const raw = ctx.getParameter<unknown>('operation', 0);
    const operation = choice(typeof raw === 'string' ? (aliases[raw] ?? raw) : raw, operations, 'operation');
    const mimeType = mimeTypeOf(`file.${extensions[operation]}`);
    const perItem =
      operation === 'text' ||
      (operation === 'json' && choice(ctx.getParameter('mode', 0), ['once', 'each'], 'mode') === 'each');
    if (!perItem) {
      const content = await allItemsFile(ctx, operation, items);
      const pairs = items.map((_, index) => pairedTo(index));
      return [[await fileItem(ctx, operation, content, 0, mimeType, { json: {} }, pairs)]];
    }
    const output: Item[] = [];
    for (const [index, item] of items.entries()) {
      const content = operation === 'text' ? textContent(ctx, item, index) : jsonBytes(ctx, item.json, index);
      output.push(await fileItem(ctx, operation, content, index, mimeType, item, pairedTo(index)));
    }
    return [output];
  },
});
