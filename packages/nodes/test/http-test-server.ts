import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequestOptions, HttpResponse, NodeParameters, RunNodeOptions } from '@klikkflow/plugin-sdk';
import type { BinaryRef } from '@klikkflow/types';

/** A request as the test server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

/** What a route answers: a status, headers and a body (objects are sent as JSON). */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Route = (request: ReceivedRequest, count: number) => Reply | Promise<Reply>;

/** A real HTTP server on 127.0.0.1 with routes by path and a log of every request. */
export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  requests: ReceivedRequest[];
  /** Sets the handler of a path; it gets the request and how many times the path was hit (1-based). */
  route(path: string, handler: Route): void;
  /** Requests to one path. */
  to(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

async function receive(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
  }
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    text: body.toString('utf8'),
  };
}

function encodeReply(reply: Reply): { headers: Record<string, string>; body: Buffer } {
  const headers = { ...reply.headers };
  const { body } = reply;
  if (body === undefined) return { headers, body: Buffer.alloc(0) };
  if (typeof body === 'string' || body instanceof Uint8Array) return { headers, body: Buffer.from(body) };
  headers['content-type'] ??= 'application/json';
  return { headers, body: Buffer.from(JSON.stringify(body)) };
}

/** Starts a server; unknown paths answer 404 `{"error":"no route"}`. */
export async function startTestServer(): Promise<TestHttpServer> {
  const routes = new Map<string, Route>();
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    receive(req)
      .then(async (request) => {
        requests.push(request);
        const route = routes.get(request.path);
        const count = requests.filter((r) => r.path === request.path).length;
        const reply = route ? await route(request, count) : { status: 404, body: { error: 'no route' } };
        const { headers, body } = encodeReply(reply);
        res.writeHead(reply.status ?? 200, headers);
        res.end(request.method === 'HEAD' ? undefined : body);
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    to: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * `helpers.httpRequest` for node unit tests: real HTTP with `fetch`, without the egress policy layer (nodes
 * may not import core). Like the egress client, it sends `idempotencyKey` as `Idempotency-Key`, lower-cases
 * response header names, and names the URL in network errors (so redaction can be tested).
 */
export async function fetchHttpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  const headers = { ...options.headers };
  if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(options.url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (cause) {
    throw new Error(`request to ${options.url} failed: ${(cause as Error).message}`);
  }
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    out[name] = value;
  });
  return { status: res.status, headers: out, body: new Uint8Array(await res.arrayBuffer()) };
}

/** Harness options plus `sent`, which records every request the node passed to helpers.httpRequest. */
export type HarnessOptions = RunNodeOptions & { sent?: HttpRequestOptions[] };

/**
 * `runNode` options for the HTTP Request node against a real server: httpRequest via {@link fetchHttpRequest},
 * storeBinary/readBinary on the returned in-memory `blobs`, one empty input item unless `items` is given.
 */
export function httpNodeRun(parameters: NodeParameters, options: HarnessOptions = {}) {
  const blobs = new Map<string, Uint8Array>();
  const helpers = {
    httpRequest: (request: HttpRequestOptions) => {
      options.sent?.push(request);
      return fetchHttpRequest(request);
    },
    storeBinary: async (data: Uint8Array, meta: { mimeType: string; fileName?: string }) => {
      const id = `blob-${blobs.size}`;
      blobs.set(id, data);
      const ref: BinaryRef = { id, ...meta, fileSize: data.length };
      return ref;
    },
    readBinary: async (ref: BinaryRef) => blobs.get(ref.id) ?? new Uint8Array(),
    ...options.helpers,
  };
  return { blobs, options: { items: [{}], ...options, parameters, helpers } };
}
