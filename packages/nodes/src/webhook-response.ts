import type { NodeParameters } from '@klikkflow/plugin-sdk';
import type { BinaryRef, Item } from '@klikkflow/types';
import { UserError } from '@klikkflow/types';
import { choice } from './shared/choice.js';
import { invalidParameter } from './shared/parameter-error.js';

/** What the server sends back to a webhook caller. */
export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  /** null for no body; for binary responses the server streams `binaryRef` instead. */
  body: string | Uint8Array | null;
  binaryRef?: BinaryRef;
}

/** Respond to Webhook modes. */
export type RespondWith =
  | 'firstIncomingItem'
  | 'allIncomingItems'
  | 'json'
  | 'text'
  | 'binary'
  | 'noData'
  | 'redirect';

export const respondWithModes: readonly RespondWith[] = [
  'firstIncomingItem',
  'allIncomingItems',
  'json',
  'text',
  'binary',
  'noData',
  'redirect',
];

const jsonType = 'application/json; charset=utf-8';
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function options(parameters: NodeParameters): Record<string, unknown> {
  const value = parameters.options;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The status code option: a whole number from 100 to 599 (default 200). */
function statusCode(value: unknown): number {
  const code = value === undefined || value === '' ? 200 : Number(value);
  if (Number.isInteger(code) && code >= 100 && code <= 599) return code;
  throw invalidParameter(
    `"Response Code" must be a whole number from 100 to 599, not ${JSON.stringify(value)}`,
    {
      parameter: 'options.responseCode',
    },
  );
}

/** Custom headers as `[{name, value}]`, or n8n's `{entries: [...]}`; names and values are checked. */
function customHeaders(value: unknown): Record<string, string> {
  const list = Array.isArray(value) ? value : (value as { entries?: unknown } | undefined)?.entries;
  const headers: Record<string, string> = {};
  for (const entry of Array.isArray(list) ? list : []) {
    const { name, value: headerValue } = (entry ?? {}) as { name?: unknown; value?: unknown };
    const text = headerValue === undefined || headerValue === null ? '' : String(headerValue);
    // A CR or LF would let a header value start a new header (response splitting).
    if (typeof name !== 'string' || !headerName.test(name) || /[\r\n\0]/.test(text)) {
      throw invalidParameter(`response header ${JSON.stringify(name)} has an invalid name or value`, {
        parameter: 'options.responseHeaders',
      });
    }
    headers[name] = text;
  }
  return headers;
}

/** Merges custom headers over the defaults, matching names case-insensitively. */
function mergeHeaders(
  defaults: Record<string, string>,
  custom: Record<string, string>,
): Record<string, string> {
  const merged = { ...defaults };
  for (const [name, value] of Object.entries(custom)) {
    for (const key of Object.keys(merged)) if (key.toLowerCase() === name.toLowerCase()) delete merged[key];
    merged[name] = value;
  }
  return merged;
}

function jsonBody(data: unknown, responseKey: unknown): string {
  const key = typeof responseKey === 'string' ? responseKey.trim() : '';
  return JSON.stringify(key ? { [key]: data } : data);
}

function parsedJsonParameter(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameter('"Response Body" is not valid JSON', { parameter: 'responseBody' });
  }
}

/** The first item's binary: its first property (automatic) or the named one. */
function binaryOf(parameters: NodeParameters, items: readonly Item[]): BinaryRef {
  const binary = items[0]?.binary ?? {};
  const source = parameters.responseDataSource ?? 'automatic';
  const field = source === 'set' ? String(parameters.inputFieldName ?? 'data') : Object.keys(binary)[0];
  const ref = field === undefined ? undefined : binary[field];
  if (!ref) {
    const which = source === 'set' ? `binary field "${field}"` : 'binary data';
    throw new UserError('NODE_BINARY_MISSING', `the first incoming item has no ${which} to respond with`);
  }
  return ref;
}

/** A safe redirect target: an absolute http(s) URL or a path on this server. */
function redirectTarget(value: unknown): string {
  const url = typeof value === 'string' ? value.trim() : '';
  if ((/^https?:\/\/[^\s]+$/i.test(url) || /^\/(?!\/)\S*$/.test(url)) && !/[\r\n\0]/.test(url)) return url;
  throw invalidParameter(`"Redirect URL" must be an http(s) URL or a path, not ${JSON.stringify(value)}`, {
    parameter: 'redirectURL',
  });
}

/**
 * The HTTP response a Respond to Webhook node describes, from its resolved parameters and the items it
 * received. Pure: binary bodies come back as `binaryRef` for the server to stream from the blob store. Text
 * is sent as `text/plain` unless a Content-Type header says otherwise, so a workflow cannot serve script on
 * the instance's origin by accident. Redirects use a 3xx response code if given, else 307.
 */
export function buildWebhookResponse(parameters: NodeParameters, items: readonly Item[]): WebhookResponse {
  const mode = choice(parameters.respondWith ?? 'firstIncomingItem', respondWithModes, 'respondWith');
  const opts = options(parameters);
  const status = statusCode(opts.responseCode);
  const custom = customHeaders(opts.responseHeaders);
  const reply = (body: string | null, defaults: Record<string, string>, code = status): WebhookResponse => ({
    status: code,
    headers: mergeHeaders(defaults, custom),
    body,
  });
  switch (mode) {
    case 'firstIncomingItem':
      return reply(jsonBody(items[0]?.json ?? {}, opts.responseKey), { 'Content-Type': jsonType });
    case 'allIncomingItems':
      return reply(
        jsonBody(
          items.map((item) => item.json),
          opts.responseKey,
        ),
        { 'Content-Type': jsonType },
      );
    case 'json':
      return reply(JSON.stringify(parsedJsonParameter(parameters.responseBody)), {
        'Content-Type': jsonType,
      });
    case 'text':
      return reply(String(parameters.responseBody ?? ''), { 'Content-Type': 'text/plain; charset=utf-8' });
    case 'noData':
      return reply(null, {});
    case 'redirect':
      return reply(
        null,
        { Location: redirectTarget(parameters.redirectURL) },
        status >= 300 && status < 400 ? status : 307,
      );
    case 'binary': {
      const binaryRef = binaryOf(parameters, items);
      return {
        ...reply(null, { 'Content-Type': binaryRef.mimeType || 'application/octet-stream' }),
        binaryRef,
      };
    }
  }
}

/** What a Webhook node answers on its own (`responseMode` other than `responseNode`). */
const lastNodeModes = ['firstEntryJson', 'firstEntryBinary', 'allEntries', 'noData'] as const;

/**
 * The response of a Webhook node that answers by itself: right away (`onReceived`, n8n's "Workflow was
 * started" message) or with the last node's items (`lastNode`, per `responseData`). null for
 * `responseNode`: a Respond to Webhook node decides (see {@link buildWebhookResponse}).
 */
export function buildWebhookNodeResponse(
  parameters: NodeParameters,
  lastNodeItems: readonly Item[],
): WebhookResponse | null {
  const mode = choice(
    parameters.responseMode ?? 'onReceived',
    ['onReceived', 'lastNode', 'responseNode'],
    'responseMode',
  );
  if (mode === 'responseNode') return null;
  const code = { responseCode: parameters.responseCode ?? 200 };
  if (mode === 'onReceived') {
    return buildWebhookResponse(
      { respondWith: 'json', responseBody: { message: 'Workflow was started' }, options: code },
      [],
    );
  }
  const data = choice(parameters.responseData ?? 'firstEntryJson', lastNodeModes, 'responseData');
  const respondWith = {
    firstEntryJson: 'firstIncomingItem',
    allEntries: 'allIncomingItems',
    noData: 'noData',
    firstEntryBinary: 'binary',
  }[data];
  return buildWebhookResponse(
    {
      respondWith,
      responseDataSource: 'set',
      inputFieldName: parameters.responseBinaryPropertyName ?? 'data',
      options: code,
    },
    lastNodeItems,
  );
}
