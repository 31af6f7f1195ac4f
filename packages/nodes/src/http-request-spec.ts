import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { type BinaryRef, type Item, UserError } from '@klikkflow/types';
import { type BodyContentType, contentTypes, httpMethods } from './http-request-properties.js';
import { asText } from './shared/as-text.js';
import { choice } from './shared/choice.js';
import { invalidParameter } from './shared/parameter-error.js';

/** One part of a multipart body: a text field or a file. */
export type MultipartPart =
  | { name: string; value: string }
  | { name: string; data: Uint8Array; fileName: string; mimeType: string };

/** A request body before encoding, so pagination can change a field of it. */
export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: [string, string][] }
  | { kind: 'multipart'; parts: MultipartPart[] }
  | { kind: 'raw'; data: string; contentType: string };

/** A request as the node's parameters describe it, before authentication and encoding. */
export interface RequestSpec {
  method: string;
  url: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: RequestBody;
}

/** The entries of a list parameter: a plain array, or n8n's `{ parameters: [...] }` wrapper. */
export function listEntries(value: unknown): Record<string, unknown>[] {
  const list =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { parameters?: unknown }).parameters
      : value;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object',
  );
}

function pairs(ctx: NodeExecutionContext, parameter: string, itemIndex: number): [string, string][] {
  return listEntries(ctx.getParameter(parameter, itemIndex))
    .filter((entry) => asText(entry.name) !== '')
    .map((entry) => [asText(entry.name), asText(entry.value)]);
}

function jsonBody(ctx: NodeExecutionContext, itemIndex: number): unknown {
  if (ctx.getParameter<unknown>('specifyBody', itemIndex, 'keypair') !== 'json') {
    return Object.fromEntries(pairs(ctx, 'bodyParameters', itemIndex));
  }
  const value = ctx.getParameter<unknown>('jsonBody', itemIndex, '');
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return {};
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new UserError('NODE_PARAMETER_INVALID', `"JSON" (item ${itemIndex}) is not valid JSON`, {
      cause,
      details: { parameter: 'jsonBody', itemIndex },
    });
  }
}

async function binaryPart(
  ctx: NodeExecutionContext,
  item: Item,
  itemIndex: number,
  name: string,
  field: string,
): Promise<MultipartPart> {
  const ref: BinaryRef | undefined = item.binary?.[field];
  if (!ref) {
    throw new UserError(
      'NODE_HTTP_BINARY_MISSING',
      `item ${itemIndex} has no binary property "${field}" for form field "${name}"`,
      { details: { itemIndex, binaryProperty: field } },
    );
  }
  const data = await ctx.helpers.readBinary(ref);
  return {
    name,
    data,
    fileName: ref.fileName ?? field,
    mimeType: ref.mimeType || 'application/octet-stream',
  };
}

async function multipartParts(ctx: NodeExecutionContext, item: Item, itemIndex: number) {
  const parts: MultipartPart[] = [];
  for (const entry of listEntries(ctx.getParameter('bodyParameters', itemIndex))) {
    const name = asText(entry.name);
    if (name === '') continue;
    if (entry.parameterType === 'formBinaryData') {
      const field = asText(entry.inputDataFieldName) || 'data';
      parts.push(await binaryPart(ctx, item, itemIndex, name, field));
    } else {
      parts.push({ name, value: asText(entry.value) });
    }
  }
  return parts;
}

async function requestBody(ctx: NodeExecutionContext, item: Item, itemIndex: number): Promise<RequestBody> {
  if (ctx.getParameter('sendBody', itemIndex) !== true) return { kind: 'none' };
  const contentType: BodyContentType = choice(
    ctx.getParameter('contentType', itemIndex, 'json'),
    contentTypes,
    'contentType',
    itemIndex,
  );
  switch (contentType) {
    case 'json':
      return { kind: 'json', value: jsonBody(ctx, itemIndex) };
    case 'form-urlencoded':
      return { kind: 'form', fields: pairs(ctx, 'bodyParameters', itemIndex) };
    case 'multipart-form-data':
      return { kind: 'multipart', parts: await multipartParts(ctx, item, itemIndex) };
    case 'raw':
      return {
        kind: 'raw',
        data: asText(ctx.getParameter('body', itemIndex, '')),
        contentType: asText(ctx.getParameter('rawContentType', itemIndex, 'text/plain')) || 'text/plain',
      };
  }
}

/** Reads method, URL, query, headers and body of one item's request from the node's parameters. */
export async function buildRequestSpec(
  ctx: NodeExecutionContext,
  item: Item,
  itemIndex: number,
): Promise<RequestSpec> {
  const method = choice(
    asText(ctx.getParameter('method', itemIndex, 'GET')).toUpperCase(),
    httpMethods,
    'method',
    itemIndex,
  );
  const url = asText(ctx.getParameter('url', itemIndex)).trim();
  if (url === '')
    throw invalidParameter(`"URL" (item ${itemIndex}) is empty`, { parameter: 'url', itemIndex });
  const sends = (flag: string) => ctx.getParameter(flag, itemIndex) === true;
  return {
    method,
    url,
    query: sends('sendQuery') ? pairs(ctx, 'queryParameters', itemIndex) : [],
    headers: sends('sendHeaders') ? Object.fromEntries(pairs(ctx, 'headerParameters', itemIndex)) : {},
    body: await requestBody(ctx, item, itemIndex),
  };
}
