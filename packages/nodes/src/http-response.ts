import type { HttpResponse, NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { type Item, OperationalError, UserError } from '@klikkflow/types';
import type { ResponseFormat } from './http-request-properties.js';

/** A response body read according to the response format. */
export type DecodedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; value: string }
  | { kind: 'file' }
  | { kind: 'empty' };

/** How the node turns responses into items. */
export interface ResponseSettings {
  format: ResponseFormat;
  fullResponse: boolean;
  neverError: boolean;
  /** Field for a text body, binary property for a file. */
  outputPropertyName: string;
}

const EXCERPT_LENGTH = 200;
const decoder = new TextDecoder();

function mediaType(response: HttpResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isTextual(type: string): boolean {
  return (
    type.startsWith('text/') ||
    /[/+](xml|javascript|ecmascript|x-www-form-urlencoded|html)$/.test(type) ||
    type === 'application/graphql'
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a body: `json` must parse (else `NODE_HTTP_INVALID_JSON`); `autodetect` goes by Content-Type (JSON
 * types and untyped bodies are parsed when they parse, text types stay text, anything else is a file).
 */
export function decodeBody(response: HttpResponse, format: ResponseFormat): DecodedBody {
  if (format === 'file') return { kind: 'file' };
  if (response.body.length === 0) return { kind: 'empty' };
  const type = mediaType(response);
  if (format === 'autodetect' && type !== '' && !type.includes('json') && !isTextual(type)) {
    return { kind: 'file' };
  }
  const text = decoder.decode(response.body);
  if (format === 'text') return { kind: 'text', value: text };
  const parsed = parseJson(text);
  if (parsed.ok) return { kind: 'json', value: parsed.value };
  if (format === 'json') {
    throw new UserError(
      'NODE_HTTP_INVALID_JSON',
      `the response is not valid JSON: ${excerpt(response.body)}`,
      { details: { status: response.status, contentType: type } },
    );
  }
  return { kind: 'text', value: text };
}

/** The body as pagination expressions see it in `$response.body`. */
export function bodyValue(decoded: DecodedBody): unknown {
  return decoded.kind === 'json' || decoded.kind === 'text' ? decoded.value : '';
}

/** True for a body with nothing in it: no bytes, `null`, `[]`, `{}` or blank text. */
export function isEmptyBody(decoded: DecodedBody): boolean {
  if (decoded.kind === 'empty') return true;
  if (decoded.kind === 'text') return decoded.value.trim() === '';
  if (decoded.kind !== 'json') return false;
  const { value } = decoded;
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function excerpt(body: Uint8Array): string {
  const text = decoder
    .decode(body.subarray(0, EXCERPT_LENGTH * 4))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

/** The URL without query and fragment, for messages (queries may carry keys). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Throws `NODE_HTTP_STATUS` for a non-2xx response: an `OperationalError` for 429 and 5xx (the engine may
 * retry), a `UserError` for other statuses.
 */
export function checkStatus(response: HttpResponse, method: string, url: string): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const body = excerpt(response.body);
  const message = `${method} ${shownUrl(url)} answered HTTP ${status}${body === '' ? '' : `: ${body}`}`;
  const options = { details: { status } };
  throw status === 429 || status >= 500
    ? new OperationalError('NODE_HTTP_STATUS', message, options)
    : new UserError('NODE_HTTP_STATUS', message, options);
}

function fileNameOf(response: HttpResponse, url: string): string | undefined {
  const disposition = response.headers['content-disposition'] ?? '';
  const extended = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed encoded name: fall back to the plain one.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1]?.trim();
  if (plain) return plain;
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

function jsonItems(value: unknown, field: string): Record<string, unknown>[] {
  const wrap = (entry: unknown): Record<string, unknown> =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? (entry as Record<string, unknown>)
      : { [field]: entry };
  return Array.isArray(value) ? value.map(wrap) : [wrap(value)];
}

/**
 * The items of one response: a JSON array becomes one item per element, an object one item, text goes to
 * the output field, a file to the blob store as binary. With `fullResponse`, one item `{body, headers,
 * statusCode}` (a file's json holds headers and status only).
 */
export async function responseItems(
  ctx: NodeExecutionContext,
  response: HttpResponse,
  decoded: DecodedBody,
  settings: ResponseSettings,
  url: string,
): Promise<Item[]> {
  const meta = { headers: response.headers, statusCode: response.status };
  if (decoded.kind === 'file') {
    const mimeType = mediaType(response) || 'application/octet-stream';
    const fileName = fileNameOf(response, url);
    const ref = await ctx.helpers.storeBinary(
      response.body,
      fileName ? { mimeType, fileName } : { mimeType },
    );
    return [{ json: settings.fullResponse ? meta : {}, binary: { [settings.outputPropertyName]: ref } }];
  }
  if (settings.fullResponse) return [{ json: { body: bodyValue(decoded), ...meta } }];
  if (decoded.kind === 'empty') return [{ json: {} }];
  if (decoded.kind === 'text') return [{ json: { [settings.outputPropertyName]: decoded.value } }];
  return jsonItems(decoded.value, settings.outputPropertyName).map((json) => ({ json }));
}
