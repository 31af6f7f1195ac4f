import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { type BinaryRef, type Item, type PropertySpec, UserError } from '@klikkflow/types';
import { invalidParameter } from './parameter-error.js';

/** The `binaryPropertyName` parameter: which key of an item's `binary` holds the file. */
export function binaryPropertyNameProperty(description: string): PropertySpec {
  return {
    name: 'binaryPropertyName',
    displayName: 'Binary Property',
    type: 'string',
    default: 'data',
    description,
  };
}

/** Reads and checks `binaryPropertyName` for one item. */
export function binaryPropertyName(ctx: NodeExecutionContext, itemIndex: number): string {
  const name = ctx.getParameter<unknown>('binaryPropertyName', itemIndex, 'data');
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  throw invalidParameter(`"binaryPropertyName" (item ${itemIndex}) must name a binary property`, {
    parameter: 'binaryPropertyName',
    itemIndex,
  });
}

const mimeTypes: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The MIME type usual for a file name's extension (`application/octet-stream` when unknown). */
export function mimeTypeOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  return mimeTypes[extension] ?? 'application/octet-stream';
}

/** The binary reference of an item's property; `NODE_BINARY_MISSING` names the properties it does have. */
export function itemBinaryRef(item: Item, itemIndex: number, property: string): BinaryRef {
  const ref = item.binary?.[property];
  if (!ref) {
    const present = Object.keys(item.binary ?? {});
    const hint = present.length > 0 ? ` (it has: ${present.join(', ')})` : ' (it has no binary data)';
    throw new UserError(
      'NODE_BINARY_MISSING',
      `item ${itemIndex} has no binary property "${property}"${hint}`,
      { details: { itemIndex, binaryPropertyName: property } },
    );
  }
  return ref;
}

/** The binary reference and bytes of an item's property. */
export async function readItemBinary(
  ctx: NodeExecutionContext,
  item: Item,
  itemIndex: number,
  property: string,
): Promise<{ ref: BinaryRef; data: Uint8Array }> {
  const ref = itemBinaryRef(item, itemIndex, property);
  return { ref, data: await ctx.helpers.readBinary(ref) };
}

/** A `NODE_FILE_MALFORMED` error: a file's content could not be parsed as the chosen format. */
export function malformedFile(format: string, itemIndex: number, ref: BinaryRef, cause: unknown): UserError {
  const name = ref.fileName ? `"${ref.fileName}"` : 'the file';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new UserError(
    'NODE_FILE_MALFORMED',
    `${name} of item ${itemIndex} is not valid ${format}: ${reason}`,
    { details: { itemIndex, format, fileName: ref.fileName }, cause },
  );
}

/** Strict UTF-8 decoding (a leading byte-order mark is dropped), so binary garbage fails loudly. */
export function decodeUtf8(data: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(data);
}
