import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  embeddedIpv4,
  formatIpv4,
  parseCidr,
  parseIp,
  parseIpv4,
  parseIpv6,
} from './ip-address.js';

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`test address ${text} did not parse`);
  return parsed;
};
const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test range ${text} did not parse`);
  return parsed;
};

describe('parseIpv4', () => {
  it('reads dotted quads', () => {
    expect(parseIpv4('127.0.0.1')).toBe(0x7f000001n);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffffn);
    expect(parseIpv4('0.0.0.0')).toBe(0n);
  });

  it('refuses anything the WHATWG parser would have canonicalised (no guessing at octal or hex)', () => {
    for (const text of [
      '0177.0.0.1',
      '0x7f.0.0.1',
      '127.1',
      '2130706433',
      '256.0.0.1',
      '1.2.3.4.5',
      '1.2.3.',
      '',
    ]) {
      expect(parseIpv4(text), text).toBeUndefined();
    }
  });
});

describe('parseIpv6', () => {
  it('expands :: anywhere', () => {
    expect(parseIpv6('::')).toBe(0n);
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('fe80::')).toBe(0xfe80n << 112n);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    expect(parseIpv6('1::8')).toBe((1n << 112n) | 8n);
  });

  it('reads a dotted IPv4 tail and ignores a zone', () => {
    expect(parseIpv6('::ffff:127.0.0.1')).toBe(0xffff7f000001n);
    expect(parseIpv6('::ffff:7f00:1')).toBe(0xffff7f000001n);
    expect(parseIpv6('fe80::1%eth0')).toBe((0xfe80n << 112n) | 1n);
  });

  it('refuses malformed text', () => {
    for (const text of [
      ':1',
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::',
      '::1.2.3',
    ]) {
      expect(parseIpv6(text), text).toBeUndefined();
    }
    expect(parseIpv6('1:2:3:4:5:6:7::8')).toBeUndefined();
  });
});

describe('parseIp', () => {
  it('tells the families apart and accepts URL brackets', () => {
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseIp('[::1]')).toEqual({ family: 6, value: 1n });
    expect(parseIp('example.com')).toBeUndefined();
    expect(parseIp('1.2.3')).toBeUndefined();
  });
});

describe('CIDR matching', () => {
  it('matches by prefix bits, never across families', () => {
    expect(cidrContains(cidr('10.0.0.0/8'), ip('10.255.1.2'))).toBe(true);
    expect(cidrContains(cidr('10.0.0.0/8'), ip('11.0.0.0'))).toBe(false);
    expect(cidrContains(cidr('172.16.0.0/12'), ip('172.31.255.255'))).toBe(true);
    expect(cidrContains(cidr('172.16.0.0/12'), ip('172.32.0.0'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('8.8.8.8'))).toBe(true);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('::1'))).toBe(false);
    expect(cidrContains(cidr('fc00::/7'), ip('fdff::1'))).toBe(true);
    expect(cidrContains(cidr('fc00::/7'), ip('fe00::1'))).toBe(false);
    expect(cidrContains(cidr('127.0.0.1/32'), ip('127.0.0.2'))).toBe(false);
  });

  it('ignores host bits in the base and refuses bad prefixes', () => {
    expect(cidrContains(cidr('10.1.2.3/8'), ip('10.9.9.9'))).toBe(true);
    for (const text of [
      '10.0.0.0/33',
      '::/129',
      '10.0.0.0/',
      '10.0.0.0/8/1',
      'host/8',
      '10.0.0.0/-1',
      '10.0.0.0',
    ]) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });
});

describe('embeddedIpv4', () => {
  it('unwraps mapped, translated, compatible, NAT64 and 6to4 forms', () => {
    const unwrap = (text: string) => {
      const found = embeddedIpv4(ip(text));
      return found && `${found.form} ${formatIpv4(found.ipv4.value)}`;
    };
    expect(unwrap('::ffff:7f00:1')).toBe('IPv4-mapped 127.0.0.1');
    expect(unwrap('::ffff:0:a9fe:a9fe')).toBe('IPv4-translated 169.254.169.254');
    expect(unwrap('::7f00:1')).toBe('IPv4-compatible 127.0.0.1');
    expect(unwrap('64:ff9b::10.0.0.1')).toBe('NAT64 10.0.0.1');
    expect(unwrap('2002:c0a8:0101::1')).toBe('6to4 192.168.1.1');
    expect(unwrap('2001:db8::1')).toBeUndefined();
    expect(unwrap('127.0.0.1')).toBeUndefined();
  });
});
