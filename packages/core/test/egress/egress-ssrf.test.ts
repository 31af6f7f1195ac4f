import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EgressResolver } from '../../src/egress/egress.types.js';
import { createEgressClient } from '../../src/egress/egress-client.js';
import { type LocalServer, type SocketWatch, startLocalServer, watchSockets } from './local-server.js';

// S5: every refusal happens before a socket exists; the only listeners are the tests' own on loopback.
let server: LocalServer;
let watch: SocketWatch;
beforeEach(async () => {
  server = await startLocalServer((req, res) => res.end(`hello ${req.url}`));
  watch = watchSockets();
});
afterEach(async () => {
  watch.stop();
  await server.close();
});

interface Failure {
  code?: string;
  message: string;
  details?: Record<string, unknown>;
}
async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected a refusal');
}

/** A resolver answering from a table, counting how often it was asked. */
function tableResolver(table: Record<string, string[]>): EgressResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    return (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

const BLOCKED_LITERALS: [string, string][] = [
  ['http://127.0.0.1:PORT/', 'loopback'],
  ['http://127.9.9.9:PORT/', 'loopback'],
  ['http://[::1]:PORT/', 'loopback'],
  ['http://2130706433:PORT/', 'loopback'],
  ['http://0x7f.1:PORT/', 'loopback'],
  ['http://0x7f000001:PORT/', 'loopback'],
  ['http://0177.0.0.1:PORT/', 'loopback'],
  ['http://127.1:PORT/', 'loopback'],
  ['http://0/', 'this-network'],
  ['http://0.0.0.0:PORT/', 'this-network'],
  ['http://[::]:PORT/', 'unspecified'],
  ['http://10.0.0.5/', 'private'],
  ['http://172.16.0.1/', 'private'],
  ['http://192.168.1.1/', 'private'],
  ['http://169.254.169.254/latest/meta-data/', 'metadata'],
  ['http://169.254.10.10/', 'link-local'],
  ['http://[fd00:ec2::254]/', 'metadata'],
  ['http://100.64.0.1/', 'cgnat'],
  ['http://[fc00::1]/', 'private'],
  ['http://[fe80::1]/', 'link-local'],
  ['http://224.0.0.1/', 'multicast'],
  ['http://240.0.0.1/', 'reserved'],
  ['http://255.255.255.255/', 'broadcast'],
  ['http://[::ffff:127.0.0.1]:PORT/', 'loopback'],
  ['http://[::ffff:7f00:1]:PORT/', 'loopback'],
  ['http://[::ffff:169.254.169.254]/', 'metadata'],
  ['http://[::ffff:10.0.0.5]/', 'private'],
  ['http://[::127.0.0.1]:PORT/', 'loopback'],
  ['http://[64:ff9b::127.0.0.1]:PORT/', 'loopback'],
  ['https://10.0.0.5/', 'private'],
];

describe('SSRF policy on by default', () => {
  it.each(BLOCKED_LITERALS)('refuses %s (%s) before opening a socket', async (template, rule) => {
    const resolver = tableResolver({});
    const url = template.replace('PORT', String(server.port));
    const error = await failure(createEgressClient({ resolver }).request({ url }));
    expect(error.code).toBe('EGRESS_BLOCKED');
    expect(error.details).toMatchObject({ rule });
    expect(error.message).toContain('(allow it with KLIKKFLOW_EGRESS_ALLOW)');
    expect(resolver.calls).toEqual([]);
    expect(watch.created()).toBe(0);
    expect(server.connections()).toBe(0);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'cgnat'],
    ['fd12::1', 'private'],
    ['fe80::abcd', 'link-local'],
    ['0.0.0.0', 'this-network'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['239.1.1.1', 'multicast'],
  ])('refuses a DNS name resolving to %s (%s) without connecting', async (address, rule) => {
    const resolver = tableResolver({ 'inside.test': [address] });
    const error = await failure(
      createEgressClient({ resolver }).request({ url: `http://inside.test:${server.port}/` }),
    );
    expect(error.code).toBe('EGRESS_BLOCKED');
    expect(error.details).toMatchObject({ address, rule });
    expect(error.message).toContain(`inside.test resolves to ${address}`);
    expect(resolver.calls).toEqual(['inside.test']);
    expect(watch.created()).toBe(0);
  });

  it('refuses localhost through the system resolver (hosts file, no network)', async () => {
    const error = await failure(createEgressClient().request({ url: `http://localhost:${server.port}/` }));
    expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', details: { rule: 'loopback' } });
    expect(watch.created()).toBe(0);
    expect(server.connections()).toBe(0);
  });

  it('refuses a name when any one of its addresses is blocked', async () => {
    const resolver = tableResolver({ 'mixed.test': ['203.0.113.5', '127.0.0.1'] });
    const error = await failure(createEgressClient({ resolver }).request({ url: 'http://mixed.test/' }));
    expect(error.details).toMatchObject({ address: '127.0.0.1', rule: 'loopback' });
    expect(watch.created()).toBe(0);
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/_x', 'ftp://ftp.example.com/', 'data:text/plain,hi'])(
    'refuses the scheme of %s',
    async (url) => {
      const error = await failure(createEgressClient().request({ url }));
      expect(error).toMatchObject({ code: 'EGRESS_BLOCKED', details: { rule: 'scheme' } });
      expect(watch.created()).toBe(0);
    },
  );
});

describe('allowlist', () => {
  it('opens an exact IP, a CIDR, and IPv6 loopback', async () => {
    for (const allow of [['127.0.0.1'], ['127.0.0.0/8'], ['0.0.0.0/0']]) {
      const response = await createEgressClient({ allow }).request({ url: `${server.origin}/ok` });
      expect(new TextDecoder().decode(response.body)).toBe('hello /ok');
    }
    const v6 = await startLocalServer((_req, res) => res.end('six'), '::1');
    try {
      const response = await createEgressClient({ allow: ['::1/128'] }).request({ url: `${v6.origin}/` });
      expect(new TextDecoder().decode(response.body)).toBe('six');
    } finally {
      await v6.close();
    }
    expect(server.connections()).toBe(3);
  });

  it('keeps everything outside the allowed range closed', async () => {
    const client = createEgressClient({ allow: ['127.0.0.2/32', '10.0.0.0/8'] });
    const error = await failure(client.request({ url: `${server.origin}/` }));
    expect(error.details).toMatchObject({ rule: 'loopback' });
    expect(server.connections()).toBe(0);
  });

  it('opens a host name by exact name and connects to the address its resolver answered', async () => {
    const resolver = tableResolver({ 'svc.internal': ['127.0.0.1'], 'other.internal': ['127.0.0.1'] });
    const client = createEgressClient({ allow: ['svc.internal'], resolver });
    const response = await client.request({ url: `http://svc.internal:${server.port}/named` });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.headers.host).toBe(`svc.internal:${server.port}`);
    const error = await failure(client.request({ url: `http://other.internal:${server.port}/` }));
    expect(error.code).toBe('EGRESS_BLOCKED');
  });
});
