import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EgressResolver } from '../../src/egress/egress.types.js';
import { createEgressClient } from '../../src/egress/egress-client.js';
import {
  type LocalServer,
  type SeenRequest,
  type SocketWatch,
  startLocalServer,
  watchSockets,
} from './local-server.js';

/** Routes: `/go/<status>?to=<location>` redirects, `/echo` answers method, body and auth headers. */
function routes(req: SeenRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://local');
  const go = /^\/go\/(\d{3})$/.exec(url.pathname);
  if (go) {
    res.writeHead(Number(go[1]), { Location: url.searchParams.get('to') ?? '/' });
    res.end('moved');
    return;
  }
  if (url.pathname === '/loop') {
    res.writeHead(302, { Location: '/loop' });
    res.end();
    return;
  }
  const { authorization = '-', cookie = '-' } = req.headers;
  res.end(`${req.method} ${url.pathname} body=${req.body.toString()} auth=${authorization} cookie=${cookie}`);
}

let server: LocalServer;
let watch: SocketWatch;
beforeEach(async () => {
  server = await startLocalServer(routes);
  watch = watchSockets();
});
afterEach(async () => {
  watch.stop();
  await server.close();
});

async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}
function resolverFor(table: Record<string, string[]>): EgressResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const answer =
      table[hostname]?.[calls.filter((c) => c === hostname).length - 1] ?? table[hostname]?.at(-1);
    return answer ? [{ address: answer, family: answer.includes(':') ? 6 : 4 }] : [];
  };
  return Object.assign(resolve, { calls });
}
const text = (body: Uint8Array) => new TextDecoder().decode(body);
const client = (maxRedirects?: number) => createEgressClient({ allow: ['127.0.0.1'], maxRedirects });
const go = (status: number, to: string) => `${server.origin}/go/${status}?to=${encodeURIComponent(to)}`;

describe('redirects are re-checked hop by hop', () => {
  it.each([
    ['http://10.0.0.5/', 'private'],
    ['http://169.254.169.254/latest/meta-data/iam', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://0x7f000002/', 'loopback'],
  ])('refuses a redirect to %s before connecting', async (to, rule) => {
    const error = await failure(client().request({ url: go(302, to) }));
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', details: { rule } });
    expect(server.requests).toHaveLength(1);
    expect(watch.created()).toBe(1);
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1/_x', 'data:text/plain,x'])(
    'refuses a redirect to %s',
    async (to) => {
      const error = await failure(client().request({ url: go(301, to) }));
      expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', details: { rule: 'scheme' } });
    },
  );

  it('re-resolves each hop: an allowed name may not redirect to a name that resolves inside', async () => {
    const resolver = resolverFor({ 'start.test': ['127.0.0.1'], 'flip.test': ['127.0.0.1'] });
    const guarded = createEgressClient({ allow: ['start.test'], resolver });
    const to = `http://flip.test:${server.port}/echo`;
    const url = `http://start.test:${server.port}/go/302?to=${encodeURIComponent(to)}`;
    const error = await failure(guarded.request({ url }));
    expect(error).toMatchObject({
      code: 'EGRESS_BLOCKED',
      details: { address: '127.0.0.1', rule: 'loopback' },
    });
    expect(resolver.calls).toEqual(['start.test', 'flip.test']);
    expect(server.requests).toHaveLength(1);
  });

  it('follows allowed redirects up to maxRedirects, then fails', async () => {
    const hops = go(302, go(301, go(308, '/echo')));
    expect(text((await client(3).request({ url: hops })).body)).toMatch(/^GET \/echo /);
    const error = await failure(client(2).request({ url: `${server.origin}/loop` }));
    expect(error.code).toBe('EGRESS_TOO_MANY_REDIRECTS');
    expect(server.requests.filter((r) => r.url === '/loop')).toHaveLength(3);
  });

  it('turns 303 (and 302 after POST) into a bodiless GET; 307 keeps method and body', async () => {
    const post = (url: string) =>
      client().request({ url, method: 'POST', body: 'payload', headers: { 'Content-Type': 'text/plain' } });
    expect(text((await post(go(303, '/echo'))).body)).toMatch(/^GET \/echo body= /);
    expect(text((await post(go(302, '/echo'))).body)).toMatch(/^GET \/echo body= /);
    expect(text((await post(go(307, '/echo'))).body)).toMatch(/^POST \/echo body=payload /);
    expect(server.requests.at(-1)?.headers['content-type']).toBe('text/plain');
  });

  it('drops credentials on a redirect to another origin, keeps them on the same origin', async () => {
    const other = await startLocalServer(routes);
    try {
      const headers = { Authorization: 'Bearer secret', Cookie: 'sid=1' };
      const same = await client().request({ url: go(302, '/echo'), headers });
      expect(text(same.body)).toContain('auth=Bearer secret cookie=sid=1');
      const cross = await client().request({ url: go(302, `${other.origin}/echo`), headers });
      expect(text(cross.body)).toContain('auth=- cookie=-');
    } finally {
      await other.close();
    }
  });
});

describe('DNS rebinding', () => {
  it('connects to the address it checked even when DNS answers differently the next time', async () => {
    const resolver = resolverFor({ 'rebind.test': ['127.0.0.1', '127.0.0.2'] });
    const pinned = createEgressClient({ allow: ['127.0.0.1'], resolver });
    const response = await pinned.request({ url: `http://rebind.test:${server.port}/echo` });
    expect(response.status).toBe(200);
    expect(resolver.calls).toEqual(['rebind.test']);
    expect(watch.lookups).toEqual([{ host: 'rebind.test', address: '127.0.0.1' }]);
  });

  it('never reaches loopback when a public answer is followed by 127.0.0.1', async () => {
    // 203.0.113.5 (documentation range) stands in for a public address; the socket watch destroys the
    // socket right after its lookup, so no packet leaves for it.
    const resolver = resolverFor({ 'rebind.test': ['203.0.113.5', '127.0.0.1'] });
    const error = await failure(
      createEgressClient({ resolver }).request({ url: `http://rebind.test:${server.port}/` }),
    );
    expect(error.code).toBe('EGRESS_NETWORK');
    expect(resolver.calls).toEqual(['rebind.test']);
    expect(watch.lookups).toEqual([{ host: 'rebind.test', address: '203.0.113.5' }]);
    expect(server.connections()).toBe(0);
  });
});
