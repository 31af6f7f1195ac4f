import {
  builtinCidr,
  type Cidr,
  cidrContains,
  embeddedIpv4,
  formatIpv4,
  type IpAddress,
} from './ip-address.js';

/** A range outbound requests may not reach unless an operator allows it. */
export interface BlockedRange {
  /** Stable rule name, reported in `details.rule` of `EGRESS_BLOCKED`. */
  rule: string;
  /** Words for the message: "in the <label> range <cidr>". */
  label: string;
  cidr: string;
  range: Cidr;
}

/** Why an address is refused: its range, and the IPv4 it embeds when that is what was judged. */
export interface BlockedVerdict {
  range: BlockedRange;
  embedded?: { ipv4: IpAddress; text: string; form: string };
}

function blocked(cidr: string, rule: string, label = rule): BlockedRange {
  return { rule, label, cidr, range: builtinCidr(cidr) };
}

/**
 * IPv4 ranges that are not the public internet. First match wins, so the narrow metadata entry comes
 * before link-local. Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24) are left open: they
 * route nowhere, and tests use them as stand-ins for public addresses.
 */
export const BLOCKED_IPV4: readonly BlockedRange[] = [
  blocked('0.0.0.0/8', 'this-network', '"this network"'),
  blocked('10.0.0.0/8', 'private'),
  blocked('100.64.0.0/10', 'cgnat', 'carrier-grade NAT'),
  blocked('127.0.0.0/8', 'loopback'),
  blocked('169.254.169.254/32', 'metadata', 'cloud metadata'),
  blocked('169.254.0.0/16', 'link-local'),
  blocked('172.16.0.0/12', 'private'),
  blocked('192.0.0.0/24', 'reserved', 'IETF protocol assignment'),
  blocked('192.168.0.0/16', 'private'),
  blocked('198.18.0.0/15', 'reserved', 'benchmarking'),
  blocked('224.0.0.0/4', 'multicast'),
  blocked('255.255.255.255/32', 'broadcast'),
  blocked('240.0.0.0/4', 'reserved'),
];

/**
 * IPv6 ranges judged as IPv6. Forms that embed an IPv4 address (`::ffff:a.b.c.d`, NAT64, 6to4,
 * IPv4-compatible) are judged by that IPv4 instead; `::` and `::1` are listed first for clearer messages.
 */
export const BLOCKED_IPV6: readonly BlockedRange[] = [
  blocked('::/128', 'unspecified'),
  blocked('::1/128', 'loopback'),
  blocked('64:ff9b:1::/48', 'reserved', 'local-use NAT64'),
  blocked('100::/64', 'reserved', 'discard-only'),
  blocked('fd00:ec2::254/128', 'metadata', 'cloud metadata'),
  blocked('fc00::/7', 'private', 'unique-local (private)'),
  blocked('fe80::/10', 'link-local'),
  blocked('fec0::/10', 'reserved', 'site-local'),
  blocked('ff00::/8', 'multicast'),
];

/** The blocked range `ip` falls in (through its embedded IPv4 for mapped forms), or undefined if public. */
export function findBlockedRange(ip: IpAddress): BlockedVerdict | undefined {
  const table = ip.family === 4 ? BLOCKED_IPV4 : BLOCKED_IPV6;
  const direct = table.find((entry) => cidrContains(entry.range, ip));
  if (direct) return { range: direct };
  const embedded = embeddedIpv4(ip);
  if (!embedded) return undefined;
  const inner = BLOCKED_IPV4.find((entry) => cidrContains(entry.range, embedded.ipv4));
  if (!inner) return undefined;
  return {
    range: inner,
    embedded: { ipv4: embedded.ipv4, text: formatIpv4(embedded.ipv4.value), form: embedded.form },
  };
}
