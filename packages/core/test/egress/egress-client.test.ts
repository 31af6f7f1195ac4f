import { afterEach, describe, expect, it } from 'vitest';
import { createEgressClient } from '../../src/egress/egress-client.js';
import { type LocalServer, startLocalServer, watchSockets } from './local-server.js';

const servers: LocalServer[] = [];
async function serve(...args: Parameters<typeof startLocalServer>): Promise<LocalServer> {
  const server = await startLocalServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; intent?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; intent?: string; message: string };
  }
  throw new Error('expected the request to fail');
}

const local = (options: Parameters<typeof createEgressClient>[0] = {}) =>
  createEgressClient({ allow: ['127.0.0.1', '::1'], ...options });
const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe('egress client round trip (real local listeners)', () => {
  it('sends method, headers and body; returns status, lower-cased joined headers and bytes', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('X-Multi', ['a', 'b']);
      res.setHeader('Content-Type', 'text/plain');
      res.statusCode = 201;
      res.end('created');
    });
    const response = await local().request({
      url: `${server.origin}/items?x=1`,
      method: 'post',
      headers: { 'Content-Type': 'application/json', 'X-Trace': 't-1' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ 'x-multi': 'a, b', 'content-type': 'text/plain' });
    expect(response.body).toBeInstanceOf(Uint8Array);
    expect(text(response.body)).toBe('created');
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'POST', url: '/items?x=1' });
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-trace': 't-1',
      'content-length': '7',
    });
    expect(seen?.body.toString()).toBe('{"a":1}');
  });

  it('sends bytes as is and returns error statuses as responses', async () => {
    const server = await serve((req, res) => {
      res.statusCode = 404;
      res.end(req.body);
    });
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const response = await local().request({ url: `${server.origin}/`, method: 'PUT', body: bytes });
    expect(response.status).toBe(404);
    expect([...response.body]).toEqual([0, 255, 1, 254]);
  });

  it('sends Idempotency-Key, replacing any spelling the caller set', async () => {
    const server = await serve((_req, res) => res.end());
    await local().request({
      url: `${server.origin}/`,
      headers: { 'idempotency-key': 'old' },
      idempotencyKey: 'e:H:0:0',
    });
    expect(server.requests[0]?.headers['idempotency-key']).toBe('e:H:0:0');
    await local().request({ url: `${server.origin}/` });
    expect(server.requests[1]?.headers['idempotency-key']).toBeUndefined();
  });

  it('reaches an IPv6 loopback listener and sends URL credentials as basic auth', async () => {
    const server = await serve((_req, res) => res.end('v6'), '::1');
    const url = `http://user:p%40ss@[::1]:${server.port}/`;
    expect(text((await local().request({ url })).body)).toBe('v6');
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
    );
  });
});

describe('egress client limits and failures', () => {
  it('times out with EGRESS_TIMEOUT (client default and per request)', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const timedOut = await failure(local({ timeoutMs: 150 }).request({ url: `${server.origin}/slow` }));
    expect(timedOut).toMatchObject({ code: 'EGRESS_TIMEOUT', intent: 'operational' });
    const perRequest = await failure(local().request({ url: `${server.origin}/slow`, timeoutMs: 100 }));
    expect(perRequest.code).toBe('EGRESS_TIMEOUT');
    expect(perRequest.message).toContain('after 100 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a declared oversize body before reading it', async () => {
    const server = await serve((_req, res) => res.end('x'.repeat(2_000)));
    const error = await failure(local({ maxResponseBytes: 1_000 }).request({ url: `${server.origin}/` }));
    expect(error).toMatchObject({ code: 'EGRESS_RESPONSE_TOO_LARGE', intent: 'user' });
  });

  it('cuts a streamed body off at the cap and aborts the stream', async () => {
    let serverSawClose = false;
    const server = await serve((_req, res) => {
      res.on('close', () => {
        serverSawClose = !res.writableFinished;
      });
      const timer = setInterval(() => res.write('y'.repeat(512)), 5);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure(local({ maxResponseBytes: 4_096 }).request({ url: `${server.origin}/` }));
    expect(error.code).toBe('EGRESS_RESPONSE_TOO_LARGE');
    await expect.poll(() => serverSawClose).toBe(true);
    const exact = await serve((_req, res) => res.end('z'.repeat(4_096)));
    expect((await local({ maxResponseBytes: 4_096 }).request({ url: `${exact.origin}/` })).body.length).toBe(
      4_096,
    );
  });

  it('rejects with the signal reason on abort, and opens no socket when already aborted', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = local().request({ url: `${server.origin}/`, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('canceled by test')), 50);
    expect((await failure(pending)).message).toBe('canceled by test');

    const watch = watchSockets();
    try {
      const reason = await failure(
        local().request({ url: `${server.origin}/`, signal: AbortSignal.abort('gone') }),
      );
      expect(reason).toBe('gone');
      expect(watch.created()).toBe(0);
    } finally {
      watch.stop();
    }
  });

  it('maps connection errors to EGRESS_NETWORK and bad header values to EGRESS_INVALID_REQUEST', async () => {
    const server = await serve((_req, res) => res.end());
    const port = server.port;
    await server.close();
    const refused = await failure(local().request({ url: `http://127.0.0.1:${port}/` }));
    expect(refused).toMatchObject({ code: 'EGRESS_NETWORK', intent: 'operational' });

    const other = await serve((_req, res) => res.end());
    const injected = await failure(
      local().request({ url: `${other.origin}/`, headers: { 'X-A': 'v\r\nX-Injected: 1' } }),
    );
    expect(injected.code).toBe('EGRESS_INVALID_REQUEST');
    expect(other.requests).toHaveLength(0);
  });

  it('fails a body cut short with EGRESS_NETWORK', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('0123456789');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect(await failure(local().request({ url: `${server.origin}/` }))).toMatchObject({
      code: 'EGRESS_NETWORK',
    });
  });

  it('refuses a protocol switch instead of handing out the raw socket', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(101, { Connection: 'Upgrade', Upgrade: 'raw' });
      res.end();
    });
    const headers = { Connection: 'Upgrade', Upgrade: 'raw' };
    const error = await failure(local({ timeoutMs: 5_000 }).request({ url: `${server.origin}/`, headers }));
    expect(error.code).toBe('EGRESS_INVALID_REQUEST');
  });
});
