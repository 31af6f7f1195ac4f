import type { AppError } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import type { EgressResolver } from './egress.types.js';
import { createEgressPolicy, describeUrl, parseEgressUrl } from './egress-policy.js';

const noDns: EgressResolver = async (hostname) => {
  throw new Error(`no DNS in this test (asked for ${hostname})`);
};
const answering =
  (...addresses: string[]): EgressResolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('parseEgressUrl', () => {
  it.each([
    'file:///etc/passwd',
    'gopher://127.0.0.1:70/_',
    'ftp://example.com/',
    'data:text/plain,hi',
    'ws://x/',
  ])('refuses the scheme of %s', (url) => {
    let caught: unknown;
    try {
      parseEgressUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'EGRESS_BLOCKED', details: { rule: 'scheme' } });
  });

  it('canonicalises alternative IPv4 spellings and resolves relative redirects', () => {
    expect(parseEgressUrl('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(parseEgressUrl('/next', new URL('http://a.test:81/x')).href).toBe('http://a.test:81/next');
    expect(() => parseEgressUrl('http://[::1')).toThrow(
      expect.objectContaining({ code: 'EGRESS_INVALID_URL' }),
    );
  });

  it('never shows URL credentials', () => {
    expect(describeUrl(new URL('http://user:secret@a.test/p?q=1'))).toBe('http://a.test/p?q=1');
  });
});

describe('createEgressPolicy', () => {
  const policy = createEgressPolicy([]);

  it('refuses a blocked literal with a message naming the rule and details', async () => {
    const error = await refusal(policy.pin(new URL('http://10.0.0.5/'), noDns));
    expect(error.code).toBe('EGRESS_BLOCKED');
    expect(error.message).toBe(
      'refused http://10.0.0.5/: 10.0.0.5 is in the private range 10.0.0.0/8 (allow it with KLIKKFLOW_EGRESS_ALLOW)',
    );
    expect(error.details).toEqual({ url: 'http://10.0.0.5/', address: '10.0.0.5', rule: 'private' });
  });

  it('names the embedded IPv4 of a mapped address', async () => {
    const error = await refusal(policy.pin(new URL('http://[::ffff:169.254.169.254]/'), noDns));
    expect(error.message).toContain(
      '::ffff:a9fe:a9fe (IPv4-mapped for 169.254.169.254) is in the cloud metadata',
    );
    expect(error.details).toMatchObject({ rule: 'metadata' });
  });

  it('checks every resolved address, not just the first', async () => {
    const error = await refusal(
      policy.pin(new URL('http://mixed.test/'), answering('203.0.113.5', '127.0.0.1')),
    );
    expect(error.message).toContain('mixed.test resolves to 127.0.0.1, which is in the loopback range');
    expect(error.details).toMatchObject({ address: '127.0.0.1', rule: 'loopback' });
  });

  it('pins the first checked address', async () => {
    const target = await policy.pin(new URL('http://pub.test/'), answering('203.0.113.5', '2001:db8::5'));
    expect(target).toMatchObject({ hostname: 'pub.test', address: '203.0.113.5', family: 4 });
  });

  it('reports resolver failures and empty or bogus answers as EGRESS_NETWORK', async () => {
    for (const resolver of [noDns, answering(), answering('not-an-ip')]) {
      const error = await refusal(policy.pin(new URL('http://x.test/'), resolver));
      expect(error.code).toBe('EGRESS_NETWORK');
      expect(error.intent).toBe('operational');
    }
  });

  it('lets an allowed host name resolve anywhere, and an allowed range open its addresses only', async () => {
    const open = createEgressPolicy(['svc.internal', '10.20.0.0/16']);
    await expect(open.pin(new URL('http://svc.internal/'), answering('10.9.9.9'))).resolves.toMatchObject({
      address: '10.9.9.9',
    });
    await expect(open.pin(new URL('http://db.test/'), answering('10.20.0.7'))).resolves.toMatchObject({
      address: '10.20.0.7',
    });
    const error = await refusal(open.pin(new URL('http://db.test/'), answering('10.21.0.7')));
    expect(error.code).toBe('EGRESS_BLOCKED');
  });
});
