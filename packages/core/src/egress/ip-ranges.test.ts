import { describe, expect, it } from 'vitest';
import { parseIp } from './ip-address.js';
import { findBlockedRange } from './ip-ranges.js';

function ruleOf(text: string): string | undefined {
  const ip = parseIp(text);
  if (!ip) throw new Error(`test address ${text} did not parse`);
  const verdict = findBlockedRange(ip);
  return verdict && `${verdict.range.rule} ${verdict.range.cidr}`;
}

describe('findBlockedRange', () => {
  it.each([
    ['0.0.0.0', 'this-network 0.0.0.0/8'],
    ['0.255.255.255', 'this-network 0.0.0.0/8'],
    ['10.0.0.5', 'private 10.0.0.0/8'],
    ['100.64.0.1', 'cgnat 100.64.0.0/10'],
    ['100.127.255.255', 'cgnat 100.64.0.0/10'],
    ['127.0.0.1', 'loopback 127.0.0.0/8'],
    ['127.255.255.254', 'loopback 127.0.0.0/8'],
    ['169.254.169.254', 'metadata 169.254.169.254/32'],
    ['169.254.1.1', 'link-local 169.254.0.0/16'],
    ['172.16.0.1', 'private 172.16.0.0/12'],
    ['172.31.255.255', 'private 172.16.0.0/12'],
    ['192.168.1.1', 'private 192.168.0.0/16'],
    ['224.0.0.1', 'multicast 224.0.0.0/4'],
    ['239.255.255.250', 'multicast 224.0.0.0/4'],
    ['240.0.0.1', 'reserved 240.0.0.0/4'],
    ['255.255.255.255', 'broadcast 255.255.255.255/32'],
    ['::', 'unspecified ::/128'],
    ['::1', 'loopback ::1/128'],
    ['fc00::1', 'private fc00::/7'],
    ['fd12:3456::1', 'private fc00::/7'],
    ['fd00:ec2::254', 'metadata fd00:ec2::254/128'],
    ['fe80::1', 'link-local fe80::/10'],
    ['febf::1', 'link-local fe80::/10'],
    ['ff02::1', 'multicast ff00::/8'],
  ])('blocks %s (%s)', (address, expected) => {
    expect(ruleOf(address)).toBe(expected);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback 127.0.0.0/8'],
    ['::ffff:7f00:1', 'loopback 127.0.0.0/8'],
    ['::ffff:a9fe:a9fe', 'metadata 169.254.169.254/32'],
    ['::ffff:10.1.2.3', 'private 10.0.0.0/8'],
    ['::127.0.0.1', 'loopback 127.0.0.0/8'],
    ['64:ff9b::7f00:1', 'loopback 127.0.0.0/8'],
    ['64:ff9b::192.168.0.1', 'private 192.168.0.0/16'],
    ['2002:7f00:1::', 'loopback 127.0.0.0/8'],
  ])('judges %s by the IPv4 it embeds (%s)', (address, expected) => {
    expect(ruleOf(address)).toBe(expected);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '169.253.255.255',
    '223.255.255.255',
    '203.0.113.5',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    'fbff::1',
    'fe7f::1',
  ])('lets public %s through', (address) => {
    expect(ruleOf(address)).toBeUndefined();
  });

  it('names the embedded address and form for the message', () => {
    const ip = parseIp('::ffff:a9fe:a9fe');
    expect(ip && findBlockedRange(ip)?.embedded).toMatchObject({
      text: '169.254.169.254',
      form: 'IPv4-mapped',
    });
  });
});
