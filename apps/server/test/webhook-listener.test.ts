import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { link, node, workflow } from './workflow-fixtures.js';

/** Raw HTTP, so the test controls what fetch would normalise: chunked bodies, HEAD, odd paths. */
function call(
  url: string,
  options: { method: string; headers?: Record<string, string>; chunks?: Buffer[] },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method, headers: options.headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(parts).toString('utf8'),
        }),
      );
    });
    outgoing.on('error', reject);
    for (const chunk of options.chunks ?? []) outgoing.write(chunk);
    outgoing.end();
  });
}

describe('webhook routes served ahead of Fastify', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ env: { KLIKKFLOW_MAX_BODY_MB: '1' } });
    // Answers with the trigger item itself: headers, params, query and body as the workflow saw them.
    const echo = workflow(
      'echo',
      [
        node('hook', 'core.webhook', { httpMethod: 'POST', path: 'echo/:id', responseMode: 'responseNode' }),
        node('respond', 'core.respondToWebhook', { respondWith: 'firstIncomingItem' }),
      ],
      [link('hook', 'respond')],
    );
    const ping = workflow(
      'ping',
      [node('hook', 'core.webhook', { httpMethod: 'GET', path: 'ping', responseMode: 'onReceived' })],
      [],
    );
    for (const definition of [echo, ping]) {
      expect((await t.api('POST', '/api/v1/workflows', definition)).status).toBe(201);
      expect((await t.api('POST', `/api/v1/workflows/${definition.id}/activate`)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('hands the workflow the decoded path parameter, repeated query keys as lists, and the parsed body', async () => {
    const answer = await call(`${t.url}/webhook/echo/caf%C3%A9?tag=a&tag=b&one=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      chunks: [Buffer.from('{"hello":'), Buffer.from('"world"}')],
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-klikkflow-execution-id']).toBeTruthy();
    const item = JSON.parse(answer.text);
    expect(item.params).toEqual({ id: 'café' });
    expect(item.query).toEqual({ tag: ['a', 'b'], one: '1' });
    expect(item.body).toEqual({ hello: 'world' });
  });

  it('refuses a body over the limit with 413 BODY_TOO_LARGE, declared or streamed, and closes the connection', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const declared = await call(`${t.url}/webhook/echo/1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': String(big.length) },
      chunks: [big],
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text).code).toBe('BODY_TOO_LARGE');
    expect(declared.headers.connection).toBe('close');

    const streamed = await call(`${t.url}/webhook/echo/1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      chunks: [big.subarray(0, 600_000), big.subarray(600_000)],
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text).code).toBe('BODY_TOO_LARGE');
  });

  it('stays up when a caller hangs up mid-body', async () => {
    await new Promise<void>((resolve) => {
      const outgoing = request(`${t.url}/webhook/echo/1`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'content-length': '100' },
      });
      outgoing.on('error', () => resolve());
      outgoing.write('only ten b');
      setTimeout(() => {
        outgoing.destroy();
        resolve();
      }, 50);
    });
    const after = await call(`${t.url}/webhook/echo/2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      chunks: [Buffer.from('{"ok":true}')],
    });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text).body).toEqual({ ok: true });
    expect(t.logs()).not.toMatch(/a webhook answer failed/);
  });

  it('answers a path that is not valid URL encoding with 400 WEBHOOK_PATH_INVALID', async () => {
    const answer = await call(`${t.url}/webhook/echo/%E0%A4%A`, { method: 'POST' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).code).toBe('WEBHOOK_PATH_INVALID');
  });

  it('answers HEAD without a body and leaves other paths to the REST API', async () => {
    const head = await call(`${t.url}/webhook/ping`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.allow).toBe('GET');
    expect(head.text).toBe('');
    const got = await call(`${t.url}/webhook/ping`, { method: 'GET' });
    expect(got.status).toBe(200);
    const api = await call(`${t.url}/webhooks/ping`, { method: 'GET' });
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text).code).toBe('NOT_FOUND');
  });

  it('counts webhook answers in http_requests_total under the route pattern', async () => {
    const metrics = await fetch(`${t.url}/metrics`, { headers: { 'x-klikkflow-api-key': t.apiKey } });
    const text = await metrics.text();
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/webhook\/\*"[^}]*status_code="200"[^}]*\} \d+/);
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/webhook\/\*"[^}]*status_code="413"[^}]*\} \d+/);
  });
});
