import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Readable } from 'node:stream';
import type { AppLogger, Metrics } from '@klikkflow/core';
import { UserError } from '@klikkflow/types';
import type { RawRoutes } from '../http/create-app.js';
import { failureAnswer } from '../http/failure-answer.js';
import type { WebhookReply } from './webhook-answer.js';
import { jsonReply } from './webhook-answer.js';
import type { WebhookCall, WebhookKind } from './webhook-handler.js';

/** The webhook routes: their prefix, what they are for, and their route label in metrics. */
const ROUTES: readonly { prefix: string; kind: WebhookKind; label: string }[] = [
  { prefix: '/webhook/', kind: 'production', label: '/webhook/*' },
  { prefix: '/webhook-test/', kind: 'test', label: '/webhook-test/*' },
  { prefix: '/webhook-waiting/', kind: 'waiting', label: '/webhook-waiting/:executionId' },
];

/** Options of {@link createWebhookListener}. */
export interface WebhookListenerOptions {
  handle(call: WebhookCall): Promise<WebhookReply>;
  /** Largest body accepted, in bytes (413 `BODY_TOO_LARGE` beyond). */
  bodyLimit: number;
  /** Pinged when a call fails on the server's side: a store that does not answer makes it a 503. */
  database: { ping(): Promise<void> };
  metrics: Metrics;
  logger: AppLogger;
}

function headersOf(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function tooLarge(): UserError {
  return new UserError('BODY_TOO_LARGE', 'the request body is too large');
}

/** The body's bytes; rejects with `BODY_TOO_LARGE` as soon as it is known to exceed `limit`. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(request.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        request.off('data', onData);
        reject(tooLarge());
      }
    };
    request.on('data', onData);
    request.once('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)),
    );
    request.once('error', reject);
    // A caller that hangs up mid-body may end the stream with neither `end` nor `error`. Every request
    // closes, so the error is made only for one whose body did not arrive whole: an error's stack trace
    // costs more than the rest of a small webhook call.
    request.once('close', () => {
      if (!request.complete) {
        reject(new UserError('WEBHOOK_BODY_INCOMPLETE', 'the caller closed the connection mid-body'));
      }
    });
  });
}

/** The call a request makes on a webhook route; throws a 4xx error for a path or body it cannot read. */
async function callOf(
  request: IncomingMessage,
  route: (typeof ROUTES)[number],
  bodyLimit: number,
): Promise<WebhookCall> {
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  const rawPath = url.slice(route.prefix.length, queryAt === -1 ? undefined : queryAt);
  let path: string;
  try {
    // Without a `%` there is nothing to decode (and nothing that could be badly encoded).
    path = rawPath.includes('%') ? decodeURIComponent(rawPath) : rawPath;
  } catch {
    throw new UserError('WEBHOOK_PATH_INVALID', 'the webhook path is not valid URL encoding');
  }
  return {
    kind: route.kind,
    method: request.method ?? 'GET',
    path,
    headers: headersOf(request.headers),
    query:
      queryAt === -1 ? {} : ({ ...parseQuery(url.slice(queryAt + 1)) } as Record<string, string | string[]>),
    rawBody: await readBody(request, bodyLimit),
  };
}

/** Writes a reply; a body of text or bytes gets its length, a stream is piped. */
function send(
  request: IncomingMessage,
  response: ServerResponse,
  reply: WebhookReply,
  closeAfter: boolean,
): void {
  // The reply is this request's own: its headers are completed in place (a spread would cost more).
  const { headers, body } = reply;
  if (closeAfter) headers.connection = 'close';
  if (body !== null) {
    headers['content-type'] ??=
      typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
  }
  if (body instanceof Readable) {
    response.writeHead(reply.status, headers);
    body.once('error', () => response.destroy());
    body.pipe(response);
    return;
  }
  headers['content-length'] = String(body === null ? 0 : Buffer.byteLength(body));
  response.writeHead(reply.status, headers);
  response.end(body !== null && request.method !== 'HEAD' ? body : undefined);
}

/**
 * Serves `/webhook/*`, `/webhook-test/*` and `/webhook-waiting/:executionId` straight on Node's HTTP server,
 * ahead of Fastify (see {@link RawRoutes}): reads the exact body bytes (up to the limit), hands the call to the
 * webhook handler, and answers with its reply, or with the same `{code, message, details}` error answers as
 * the REST API (a store that does not answer is a 503). Every answer is counted in `http_requests_total`.
 */
export function createWebhookListener(options: WebhookListenerOptions): RawRoutes {
  async function failed(error: unknown, request: IncomingMessage): Promise<WebhookReply> {
    const { status, body } = await failureAnswer(error, options.database);
    if (status >= 500) options.logger.error({ err: error, url: request.url }, 'request failed');
    return jsonReply(status, body);
  }

  async function serve(
    request: IncomingMessage,
    response: ServerResponse,
    route: (typeof ROUTES)[number],
  ): Promise<void> {
    let reply: WebhookReply;
    let unread = false;
    try {
      reply = await options.handle(await callOf(request, route, options.bodyLimit));
    } catch (error) {
      // A body refused half-read leaves bytes on the connection: answer, then close it.
      unread = (error as UserError).code === 'BODY_TOO_LARGE';
      reply = await failed(error, request);
    }
    try {
      send(request, response, reply, unread);
    } catch (error) {
      // Headers a workflow set that HTTP cannot carry: an error answer instead, if nothing was sent yet.
      if (response.headersSent) response.destroy();
      else send(request, response, await failed(error, request), unread);
    }
    options.metrics.httpRequests.inc({
      method: request.method ?? 'GET',
      route: route.label,
      status_code: String(response.statusCode),
    });
  }

  return (request, response) => {
    const url = request.url ?? '';
    const route = ROUTES.find((candidate) => url.startsWith(candidate.prefix));
    if (!route) return false;
    serve(request, response, route).catch((error: unknown) => {
      options.logger.error({ err: error, url }, 'a webhook answer failed');
      response.destroy();
    });
    return true;
  };
}
