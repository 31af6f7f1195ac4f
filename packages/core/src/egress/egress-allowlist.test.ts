import { errorCode } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { parseEgressAllowlist } from './egress-allowlist.js';
import { parseIp } from './ip-address.js';

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`test address ${text} did not parse`);
  return parsed;
};

describe('parseEgressAllowlist', () => {
  const list = parseEgressAllowlist([
    ' Svc.Internal. ',
    '127.0.0.1',
    '10.20.0.0/16',
    'fd00:1234::/32',
    '[::1]',
    '0x7f.2',
    '',
  ]);

  it('matches host names exactly, ignoring case and the root dot', () => {
    expect(list.allowsHost('svc.internal')).toBe(true);
    expect(list.allowsHost('SVC.INTERNAL.')).toBe(true);
    expect(list.allowsHost('other.svc.internal')).toBe(false);
    expect(list.allowsHost('internal')).toBe(false);
  });

  it('matches single IPs and CIDR ranges of both families', () => {
    expect(list.allowsAddress(ip('127.0.0.1'))).toBe(true);
    expect(list.allowsAddress(ip('127.0.0.3'))).toBe(false);
    expect(list.allowsAddress(ip('10.20.255.1'))).toBe(true);
    expect(list.allowsAddress(ip('10.21.0.1'))).toBe(false);
    expect(list.allowsAddress(ip('fd00:1234:ffff::1'))).toBe(true);
    expect(list.allowsAddress(ip('fd00:1235::1'))).toBe(false);
    expect(list.allowsAddress(ip('::1'))).toBe(true);
  });

  it('canonicalises IPv4 spellings in entries like the URL parser does', () => {
    expect(list.allowsAddress(ip('127.0.0.2'))).toBe(true);
  });

  it('opens the IPv4-mapped form of an allowed IPv4', () => {
    expect(list.allowsAddress(ip('::ffff:127.0.0.1'))).toBe(true);
    expect(list.allowsAddress(ip('::ffff:10.20.1.1'))).toBe(true);
    expect(list.allowsAddress(ip('::ffff:10.21.1.1'))).toBe(false);
  });

  it('allows nothing when empty', () => {
    const empty = parseEgressAllowlist([]);
    expect(empty.allowsHost('localhost')).toBe(false);
    expect(empty.allowsAddress(ip('127.0.0.1'))).toBe(false);
  });

  it.each(['10.0.0.0/33', 'host/8', 'svc.internal:8080', 'http://svc', 'a b'])(
    'refuses the entry %s',
    (entry) => {
      let code: string | undefined;
      try {
        parseEgressAllowlist([entry]);
      } catch (error) {
        code = errorCode(error);
      }
      expect(code).toBe('EGRESS_ALLOW_INVALID');
    },
  );
});
