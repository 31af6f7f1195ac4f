import { defineNode, type NodeExecutionContext, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item, PropertySpec } from '@klikkflow/types';
import {
  binaryPropertyName,
  binaryPropertyNameProperty,
  itemBinaryRef,
  mimeTypeOf,
} from './shared/binary-data.js';
import { choice } from './shared/choice.js';
import { invalidParameter } from './shared/parameter-error.js';

type Operation = 'read' | 'write';
const show = (...operation: Operation[]) => ({ show: { operation } });

const properties: PropertySpec[] = [
  {
    name: 'operation',
    displayName: 'Operation',
    type: 'options',
    default: 'read',
    description: 'Read a file into binary data, or write binary data to a file',
    options: [
      { name: 'Read File From Disk', value: 'read', description: 'One item with the file per input item' },
      { name: 'Write File to Disk', value: 'write', description: "Writes each item's binary data" },
    ],
  },
  {
    name: 'fileSelector',
    displayName: 'File Path',
    type: 'string',
    default: '',
    description: 'File to read, relative to the allowed folder',
    displayOptions: show('read'),
  },
  {
    name: 'fileName',
    displayName: 'File Path and Name',
    type: 'string',
    default: '',
    description: 'File to write, relative to the allowed folder; missing folders are created',
    displayOptions: show('write'),
  },
  binaryPropertyNameProperty('Binary property the file is read into, or written from'),
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
        description: 'Name given to the binary data (default: the name on disk)',
        displayOptions: show('read'),
      },
      {
        name: 'mimeType',
        displayName: 'MIME Type',
        type: 'string',
        default: '',
        description: 'MIME type of the binary data (default: guessed from the file extension)',
        displayOptions: show('read'),
      },
      {
        name: 'append',
        displayName: 'Append',
        type: 'boolean',
        default: false,
        description: 'Whether to add to the end of an existing file instead of replacing it',
        displayOptions: show('write'),
      },
    ],
  },
];

/** A path parameter: required, text. */
function pathParameter(ctx: NodeExecutionContext, name: string, itemIndex: number): string {
  const value = ctx.getParameter<unknown>(name, itemIndex);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalidParameter(`"${name}" (item ${itemIndex}) must be a file path`, { parameter: name, itemIndex });
}

/** An optional text option: blank or unset gives undefined. */
function optionalText(ctx: NodeExecutionContext, name: string, itemIndex: number): string | undefined {
  const value = ctx.getParameter<unknown>(`options.${name}`, itemIndex);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function readOne(ctx: NodeExecutionContext, itemIndex: number): Promise<Item> {
  const filePath = pathParameter(ctx, 'fileSelector', itemIndex);
  // Streamed from the file into the blob store: a large file is never held whole.
  const file = await ctx.helpers.openFile(filePath);
  const fileName = optionalText(ctx, 'fileName', itemIndex) ?? file.fileName;
  const mimeType = optionalText(ctx, 'mimeType', itemIndex) ?? mimeTypeOf(fileName);
  const ref = await ctx.helpers.storeBinary(file.stream, { mimeType, fileName });
  return {
    json: { fileName, filePath, fileSize: ref.fileSize ?? file.size, mimeType },
    binary: { [binaryPropertyName(ctx, itemIndex)]: ref },
    pairedItem: pairedTo(itemIndex),
  };
}

async function writeOne(ctx: NodeExecutionContext, item: Item, itemIndex: number): Promise<Item> {
  const path = pathParameter(ctx, 'fileName', itemIndex);
  const ref = itemBinaryRef(item, itemIndex, binaryPropertyName(ctx, itemIndex));
  const append = ctx.getParameter<unknown>('options.append', itemIndex, false) === true;
  // Streamed from the blob store into the file.
  const written = await ctx.helpers.writeFile(path, await ctx.helpers.openBinary(ref), { append });
  const output: Item = {
    json: { ...item.json, fileName: written.path, fileSize: written.size },
    pairedItem: pairedTo(itemIndex),
  };
  if (item.binary) output.binary = item.binary;
  return output;
}

/**
 * Read/Write Files from Disk: reads files into binary data or writes binary data to files, only inside the
 * folders the operator allowed (the file access adapter refuses anything else with `FILE_ACCESS_DENIED`).
 */
export const readWriteFileNode = defineNode({
  type: 'core.readWriteFile',
  version: 1,
  displayName: 'Read/Write Files from Disk',
  description: 'Reads files into binary data, or writes binary data to files, in the allowed folders',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    const output: Item[] = [];
    for (const [index, item] of (inputs[0] ?? []).entries()) {
      const operation = choice(ctx.getParameter('operation', index), ['read', 'write'], 'operation', index);
      output.push(operation === 'read' ? await readOne(ctx, index) : await writeOne(ctx, item, index));
    }
    return [output];
  },
});
