import {
  type HttpRequestOptions,
  jsonOf,
  type NodeParameters,
  runNode,
  runNodeExpectingError,
} from '@klikkflow/plugin-sdk';
import type { BinaryRef } from '@klikkflow/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HarnessOptions,
  httpNodeRun,
  startTestServer,
  type TestHttpServer,
} from '../test/http-test-server.js';
import { httpRequestNode } from './http-request.node.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const run = (parameters: NodeParameters, options: HarnessOptions = {}) => httpNodeRun(parameters, options);

const url = (path: string) => `${server.base}${path}`;

describe('HTTP Request: methods, query, headers and bodies', () => {
  it('GETs with query parameters and headers and outputs the JSON body, paired to its item', async () => {
    server.route('/get', (request) => ({ body: { query: request.query, key: request.headers['x-key'] } }));
    const { options } = run({
      url: url('/get'),
      sendQuery: true,
      queryParameters: {
        parameters: [
          { name: 'q', value: 'a b' },
          { name: 'n', value: 2 },
        ],
      },
      sendHeaders: true,
      headerParameters: [{ name: 'X-Key', value: 'k1' }],
    });
    const { outputs } = await runNode(httpRequestNode, { ...options, items: [{ a: 1 }, { a: 2 }] });
    expect(jsonOf(outputs[0])).toEqual([
      { query: { q: 'a b', n: '2' }, key: 'k1' },
      { query: { q: 'a b', n: '2' }, key: 'k1' },
    ]);
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('sends every method', async () => {
    server.route('/method', (request) => ({ body: { method: request.method } }));
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const { outputs } = await runNode(httpRequestNode, run({ method, url: url('/method') }).options);
      expect(jsonOf(outputs[0])).toEqual([{ method }]);
    }
    const head = await runNode(httpRequestNode, run({ method: 'HEAD', url: url('/method') }).options);
    expect(jsonOf(head.outputs[0])).toEqual([{}]);
    expect(server.to('/method').at(-1)?.method).toBe('HEAD');
  });

  it('posts JSON from fields, from JSON text and from an object', async () => {
    server.route('/echo', (request) => ({
      body: { type: request.headers['content-type'], text: request.text },
    }));
    const post = { method: 'POST', url: url('/echo'), sendBody: true };
    const fields = await runNode(
      httpRequestNode,
      run({ ...post, bodyParameters: { parameters: [{ name: 'a', value: '1' }] } }).options,
    );
    expect(jsonOf(fields.outputs[0])).toEqual([{ type: 'application/json', text: '{"a":"1"}' }]);
    const text = await runNode(
      httpRequestNode,
      run({ ...post, specifyBody: 'json', jsonBody: '{"n": [1, 2]}' }).options,
    );
    expect(jsonOf(text.outputs[0])).toEqual([{ type: 'application/json', text: '{"n":[1,2]}' }]);
    const object = await runNode(
      httpRequestNode,
      run({ ...post, specifyBody: 'json', jsonBody: { x: true } }).options,
    );
    expect(jsonOf(object.outputs[0])[0]?.text).toBe('{"x":true}');
  });

  it('refuses JSON body text that does not parse', async () => {
    const error = await runNodeExpectingError(
      httpRequestNode,
      run({ method: 'POST', url: url('/echo'), sendBody: true, specifyBody: 'json', jsonBody: '{nope' })
        .options,
    );
    expect(error).toMatchObject({ code: 'NODE_PARAMETER_INVALID', intent: 'user' });
  });

  it('posts a form-urlencoded body and a raw body with its content type', async () => {
    const form = await runNode(
      httpRequestNode,
      run({
        method: 'POST',
        url: url('/echo'),
        sendBody: true,
        contentType: 'form-urlencoded',
        bodyParameters: [
          { name: 'a', value: 'x y' },
          { name: 'b', value: '&=' },
        ],
      }).options,
    );
    expect(jsonOf(form.outputs[0])).toEqual([
      { type: 'application/x-www-form-urlencoded', text: 'a=x+y&b=%26%3D' },
    ]);
    const raw = await runNode(
      httpRequestNode,
      run({
        method: 'PUT',
        url: url('/echo'),
        sendBody: true,
        contentType: 'raw',
        rawContentType: 'application/xml',
        body: '<a>1</a>',
      }).options,
    );
    expect(jsonOf(raw.outputs[0])).toEqual([{ type: 'application/xml', text: '<a>1</a>' }]);
  });

  it('posts multipart form data with a text field and the item binary as a file', async () => {
    server.route('/upload', async (request) => {
      const form = await new Response(request.body, {
        headers: { 'content-type': request.headers['content-type'] ?? '' },
      }).formData();
      const file = form.get('file') as File;
      return {
        body: { title: form.get('title'), name: file.name, type: file.type, content: await file.text() },
      };
    });
    const { options, blobs } = run({
      method: 'POST',
      url: url('/upload'),
      sendBody: true,
      contentType: 'multipart-form-data',
      bodyParameters: [
        { name: 'title', value: 'Report' },
        { name: 'file', parameterType: 'formBinaryData', inputDataFieldName: 'doc' },
      ],
    });
    blobs.set('in-1', new TextEncoder().encode('hello file'));
    const doc: BinaryRef = { id: 'in-1', mimeType: 'text/plain', fileName: 'r.txt' };
    const { outputs } = await runNode(httpRequestNode, {
      ...options,
      items: [{ json: {}, binary: { doc } }],
    });
    expect(jsonOf(outputs[0])).toEqual([
      { title: 'Report', name: 'r.txt', type: 'text/plain', content: 'hello file' },
    ]);
    const missing = await runNodeExpectingError(httpRequestNode, options);
    expect(missing).toMatchObject({ code: 'NODE_HTTP_BINARY_MISSING', details: { binaryProperty: 'doc' } });
  });

  it('refuses an unknown method and an invalid URL', async () => {
    expect(
      await runNodeExpectingError(httpRequestNode, run({ method: 'TRACE', url: url('/') }).options),
    ).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
    });
    expect(await runNodeExpectingError(httpRequestNode, run({ url: 'not a url' }).options)).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
    });
  });
});

describe('HTTP Request: responses', () => {
  it('splits a JSON array into items and wraps primitives', async () => {
    server.route('/list', () => ({ body: [{ id: 1 }, { id: 2 }, 3] }));
    const { outputs } = await runNode(httpRequestNode, run({ url: url('/list') }).options);
    expect(jsonOf(outputs[0])).toEqual([{ id: 1 }, { id: 2 }, { data: 3 }]);
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
  });

  it('autodetects text and files, and honours explicit formats', async () => {
    server.route('/text', () => ({ headers: { 'content-type': 'text/plain' }, body: 'plain words' }));
    server.route('/png', () => ({
      headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="pic.png"' },
      body: new Uint8Array([137, 80, 78, 71]),
    }));
    const text = await runNode(httpRequestNode, run({ url: url('/text') }).options);
    expect(jsonOf(text.outputs[0])).toEqual([{ data: 'plain words' }]);

    const { options, blobs } = run({ url: url('/png') });
    const file = await runNode(httpRequestNode, options);
    const ref = file.outputs[0]?.[0]?.binary?.data;
    expect(ref).toMatchObject({ mimeType: 'image/png', fileName: 'pic.png', fileSize: 4 });
    expect([...(blobs.get(ref?.id ?? '') ?? [])]).toEqual([137, 80, 78, 71]);

    const asFile = await runNode(
      httpRequestNode,
      run({
        url: url('/text'),
        options: { response: { response: { responseFormat: 'file', outputPropertyName: 'raw' } } },
      }).options,
    );
    expect(asFile.outputs[0]?.[0]).toMatchObject({
      json: {},
      binary: { raw: { fileName: 'text', mimeType: 'text/plain' } },
    });

    const asText = await runNode(
      httpRequestNode,
      run({
        url: url('/list'),
        options: { response: { response: { responseFormat: 'text', outputPropertyName: 'out' } } },
      }).options,
    );
    expect(jsonOf(asText.outputs[0])).toEqual([{ out: '[{"id":1},{"id":2},3]' }]);
  });

  it('fails with NODE_HTTP_INVALID_JSON when JSON is expected but not sent', async () => {
    const error = await runNodeExpectingError(
      httpRequestNode,
      run({ url: url('/text'), options: { response: { response: { responseFormat: 'json' } } } }).options,
    );
    expect(error).toMatchObject({ code: 'NODE_HTTP_INVALID_JSON', intent: 'user' });
    expect(error.message).toContain('plain words');
  });

  it('outputs body, headers and status code with fullResponse', async () => {
    server.route('/full', () => ({ status: 201, headers: { 'x-id': '7' }, body: { ok: true } }));
    const { outputs } = await runNode(
      httpRequestNode,
      run({ url: url('/full'), options: { response: { response: { fullResponse: true } } } }).options,
    );
    const json = jsonOf(outputs[0])[0];
    expect(json).toMatchObject({ body: { ok: true }, statusCode: 201, headers: { 'x-id': '7' } });
  });

  it('fails non-2xx answers with NODE_HTTP_STATUS: user error for 4xx, operational for 429/5xx', async () => {
    server.route('/missing', () => ({ status: 404, body: { message: 'no such thing' } }));
    server.route('/broken', () => ({ status: 502, body: 'bad gateway' }));
    const notFound = await runNodeExpectingError(
      httpRequestNode,
      run({ url: url('/missing?secret=1') }).options,
    );
    expect(notFound).toMatchObject({ code: 'NODE_HTTP_STATUS', intent: 'user', details: { status: 404 } });
    expect(notFound.message).toContain('no such thing');
    expect(notFound.message).not.toContain('secret=1');
    const broken = await runNodeExpectingError(
      httpRequestNode,
      run({ url: url('/broken'), options: { retryOnRateLimit: false } }).options,
    );
    expect(broken).toMatchObject({
      code: 'NODE_HTTP_STATUS',
      intent: 'operational',
      details: { status: 502 },
    });
  });

  it('outputs error responses with neverError', async () => {
    const { outputs } = await runNode(
      httpRequestNode,
      run({
        url: url('/missing'),
        options: { response: { response: { neverError: true, fullResponse: true } } },
      }).options,
    );
    expect(jsonOf(outputs[0])[0]).toMatchObject({ statusCode: 404, body: { message: 'no such thing' } });
  });
});

describe('HTTP Request: authentication', () => {
  const canary = 'CANARY-s3cr3t-9f8e7d';
  const credentials = {
    httpBasicAuth: { user: 'ada', password: canary },
    httpHeaderAuth: { name: 'X-Api-Key', value: canary },
    httpQueryAuth: { name: 'api_key', value: canary },
    httpBearerAuth: { token: canary },
  };
  const auth = (genericAuthType: string, path: string) =>
    run({ url: url(path), authentication: 'genericCredentialType', genericAuthType }, { credentials })
      .options;

  it('sends basic, header, query and bearer credentials, and never outputs them', async () => {
    server.route('/auth', (request) => ({
      body: { ok: true, seen: Object.keys(request.headers).length > 0 },
    }));
    const seen = async (type: string) => {
      const { outputs, logs } = await runNode(httpRequestNode, auth(type, '/auth'));
      expect(JSON.stringify(outputs) + logs.join('\n')).not.toContain(canary);
      return server.to('/auth').at(-1);
    };
    expect((await seen('httpBasicAuth'))?.headers.authorization).toBe(
      `Basic ${Buffer.from(`ada:${canary}`).toString('base64')}`,
    );
    expect((await seen('httpHeaderAuth'))?.headers['x-api-key']).toBe(canary);
    expect((await seen('httpQueryAuth'))?.query.api_key).toBe(canary);
    expect((await seen('httpBearerAuth'))?.headers.authorization).toBe(`Bearer ${canary}`);
  });

  it('keeps secrets out of errors, even when the transport names the URL', async () => {
    const closed = 'http://127.0.0.1:9/x';
    for (const type of ['httpBasicAuth', 'httpHeaderAuth', 'httpQueryAuth', 'httpBearerAuth']) {
      const options = run(
        { url: closed, authentication: 'genericCredentialType', genericAuthType: type },
        { credentials },
      );
      const error = await runNodeExpectingError(httpRequestNode, options.options);
      expect(JSON.stringify(error)).not.toContain(canary);
      expect(JSON.stringify(error)).not.toContain(encodeURIComponent(canary));
    }
    const query = await runNodeExpectingError(httpRequestNode, auth('httpQueryAuth', '/nowhere'));
    expect(query).toMatchObject({ code: 'NODE_HTTP_STATUS' });
  });

  it('names a missing credential', async () => {
    const error = await runNodeExpectingError(
      httpRequestNode,
      run({ url: url('/auth'), authentication: 'genericCredentialType', genericAuthType: 'httpBearerAuth' })
        .options,
    );
    expect(error.code).toBe('CREDENTIAL_MISSING');
  });
});

describe('HTTP Request: retries, idempotency, timeout and batching', () => {
  it('retries 429 after Retry-After seconds and then succeeds', async () => {
    server.route('/limited', (_request, count) =>
      count === 1
        ? { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' }
        : { body: { ok: count } },
    );
    const { outputs, slept } = await runNode(httpRequestNode, run({ url: url('/limited') }).options);
    expect(jsonOf(outputs[0])).toEqual([{ ok: 2 }]);
    expect(slept).toBe(2000);
  });

  it('honours a Retry-After HTTP date', async () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    server.route('/dated', (_request, count) =>
      count === 1
        ? { status: 503, headers: { 'retry-after': new Date(now + 5000).toUTCString() } }
        : { body: { ok: true } },
    );
    const { slept } = await runNode(httpRequestNode, { ...run({ url: url('/dated') }).options, now });
    expect(slept).toBe(5000);
  });

  it('backs off 1 s, 2 s, 4 s on 5xx, then fails retryable; no retries when disabled', async () => {
    server.route('/down', () => ({ status: 500, body: 'down' }));
    const before = server.to('/down').length;
    const sleeps: number[] = [];
    const error = await runNodeExpectingError(httpRequestNode, {
      ...run({ url: url('/down') }).options,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(server.to('/down').length - before).toBe(4);
    expect(error).toMatchObject({
      code: 'NODE_HTTP_STATUS',
      intent: 'operational',
      details: { status: 500 },
    });
    await runNodeExpectingError(
      httpRequestNode,
      run({ url: url('/down'), options: { retryOnRateLimit: false } }).options,
    );
    expect(server.to('/down').length - before).toBe(5);
  });

  it('does not wait in memory for a Retry-After over a minute', async () => {
    server.route('/later', () => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const before = server.to('/later').length;
    const error = await runNodeExpectingError(httpRequestNode, run({ url: url('/later') }).options);
    expect(error).toMatchObject({
      code: 'NODE_HTTP_STATUS',
      intent: 'operational',
      details: { status: 429 },
    });
    expect(server.to('/later').length - before).toBe(1);
  });

  it('sends the per-item idempotency key, the same on retries, and the timeout', async () => {
    server.route('/pay', (_request, count) => (count === 1 ? { status: 503 } : { body: { paid: true } }));
    const sent: HttpRequestOptions[] = [];
    await runNode(httpRequestNode, {
      ...run(
        { method: 'POST', url: url('/pay'), options: { sendIdempotencyKey: true, timeout: 1234 } },
        { sent },
      ).options,
      items: [{}, {}],
    });
    expect(server.to('/pay').map((request) => request.headers['idempotency-key'])).toEqual([
      'test-execution:node-under-test:0:0',
      'test-execution:node-under-test:0:0',
      'test-execution:node-under-test:0:1',
    ]);
    expect(sent.every((request) => request.timeoutMs === 1234)).toBe(true);
    await runNode(httpRequestNode, run({ url: url('/pay') }).options);
    expect(server.to('/pay').at(-1)?.headers['idempotency-key']).toBeUndefined();
  });

  it('pauses between batches', async () => {
    server.route('/batch', () => ({ body: {} }));
    const { slept } = await runNode(httpRequestNode, {
      ...run({ url: url('/batch'), options: { batching: { batch: { batchSize: 2, batchInterval: 300 } } } })
        .options,
      items: [{}, {}, {}, {}, {}],
    });
    expect(slept).toBe(600);
  });
});
