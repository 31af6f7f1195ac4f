import type { HttpRequestOptions } from '@klikkflow/plugin-sdk';
import type { MultipartPart, RequestBody, RequestSpec } from './http-request-spec.js';
import { invalidParameter } from './shared/parameter-error.js';

/** Headers and query parameters a credential adds; they win over the node's own of the same name. */
export interface AuthAdditions {
  headers: Record<string, string>;
  /** Headers sent only when the node sets none of that name (an API version the user may pin). */
  defaultHeaders?: Record<string, string>;
  query: Record<string, string>;
}

const encoder = new TextEncoder();

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

/** Sets a header, replacing any spelling of the same name. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
  headers[name] = value;
}

/** Quotes a multipart parameter value (RFC 7578: escape quotes, no line breaks). */
function quoted(value: string): string {
  return `"${value.replace(/[\r\n]/g, ' ').replace(/"/g, '%22')}"`;
}

function encodeMultipart(parts: MultipartPart[], boundary: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}`;
    if ('data' in part) head += `; filename=${quoted(part.fileName)}\r\nContent-Type: ${part.mimeType}`;
    chunks.push(encoder.encode(`${head}\r\n\r\n`));
    chunks.push('data' in part ? part.data : encoder.encode(part.value));
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The body bytes and the Content-Type they need. */
function encodeBody(body: RequestBody): { data?: string | Uint8Array; contentType?: string } {
  switch (body.kind) {
    case 'none':
      return {};
    case 'json':
      return { data: JSON.stringify(body.value ?? null), contentType: 'application/json' };
    case 'form':
      return {
        data: new URLSearchParams(body.fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'multipart': {
      const boundary = `----klikkflow${crypto.randomUUID().replace(/-/g, '')}`;
      return {
        data: encodeMultipart(body.parts, boundary),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    }
    case 'raw':
      return { data: body.data, contentType: body.contentType };
  }
}

/** The URL with the node's query parameters appended and the credential's set. */
function requestUrl(spec: RequestSpec, authQuery: Record<string, string>): string {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw invalidParameter(`"URL" is not a valid absolute URL: ${JSON.stringify(spec.url.slice(0, 200))}`, {
      parameter: 'url',
    });
  }
  for (const [name, value] of spec.query) url.searchParams.append(name, value);
  for (const [name, value] of Object.entries(authQuery)) url.searchParams.set(name, value);
  return url.href;
}

/** Turns a request spec plus authentication into what `ctx.helpers.httpRequest` sends. */
export function encodeRequest(spec: RequestSpec, auth: AuthAdditions): HttpRequestOptions {
  const headers: Record<string, string> = { ...spec.headers };
  const { data, contentType } = encodeBody(spec.body);
  // A multipart boundary must match the body, so it always wins; otherwise the user's header does.
  if (contentType && (spec.body.kind === 'multipart' || !hasHeader(headers, 'content-type'))) {
    setHeader(headers, 'Content-Type', contentType);
  }
  for (const [name, value] of Object.entries(auth.defaultHeaders ?? {})) {
    if (!hasHeader(headers, name)) headers[name] = value;
  }
  for (const [name, value] of Object.entries(auth.headers)) setHeader(headers, name, value);
  const options: HttpRequestOptions = { url: requestUrl(spec, auth.query), method: spec.method, headers };
  if (data !== undefined) options.body = data;
  return options;
}
