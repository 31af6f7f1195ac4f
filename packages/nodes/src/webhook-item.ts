import type { BinaryRef, Item } from '@klikkflow/types';
import { UserError } from '@klikkflow/types';
import { lowerCaseHeaderNames } from './shared/header-names.js';

/** A received webhook request, as the server hands it over to build the trigger item. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string>>;
  /** Path parameters (`/orders/:id` → `{ id }`). */
  params?: Readonly<Record<string, string>>;
  /** Query string values; repeated keys as lists. */
  query?: Readonly<Record<string, string | string[]>>;
  rawBody: Uint8Array;
  /** Bytes the server stored for a body that is not JSON, form or text. */
  binary?: Record<string, BinaryRef>;
  /** Claims of a verified JWT, put on the item like n8n's `jwtPayload`. */
  jwtPayload?: Record<string, unknown>;
}

/** One decoder for every body: decoding without `stream` keeps no state between calls. */
const utf8 = new TextDecoder('utf-8');

/** Form fields of an urlencoded body; a repeated field becomes a list. */
function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const earlier = fields[key];
    fields[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return fields;
}

/** True when a body of this content type should reach the workflow as text. */
function isTextual(mediaType: string): boolean {
  return mediaType.startsWith('text/') || /[/+]xml$/.test(mediaType);
}

/**
 * The body as workflow data by its content type: JSON parsed (a malformed body is a `WEBHOOK_BODY_INVALID`
 * the server answers with 400), urlencoded forms as fields, text and XML as a string, an empty body as `{}`.
 * Other types return undefined: the server stores those bytes as binary.
 */
export function parseWebhookBody(rawBody: Uint8Array, contentType: string | undefined): unknown {
  if (rawBody.byteLength === 0) return {};
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = () => utf8.decode(rawBody);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    try {
      return JSON.parse(text());
    } catch (error) {
      throw new UserError('WEBHOOK_BODY_INVALID', 'the request body is not valid JSON', { cause: error });
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return parseForm(text());
  if (isTextual(mediaType)) return text();
  return undefined;
}

/**
 * The trigger item of a webhook call, shaped like n8n's: `{ headers, params, query, body }` (header names
 * lower-cased), plus `jwtPayload` when a JWT was verified and the stored `binary` for non-text bodies.
 */
export function webhookItem(request: WebhookRequest): Item {
  const headers = lowerCaseHeaderNames(request.headers);
  const body = parseWebhookBody(request.rawBody, headers['content-type']);
  const json: Record<string, unknown> = {
    headers,
    params: { ...request.params },
    query: { ...request.query },
    body: body ?? {},
  };
  if (request.jwtPayload) json.jwtPayload = request.jwtPayload;
  const item: Item = { json };
  if (request.binary && Object.keys(request.binary).length > 0) item.binary = request.binary;
  return item;
}
