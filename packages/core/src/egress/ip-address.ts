/**
 * IP addresses and CIDR ranges as numbers, so range checks are exact bit comparisons rather than
 * string matching (string checks are how SSRF filters get bypassed with alternative spellings).
 */

/** An IPv4 or IPv6 address as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR range: the first `prefix` bits of `base` are fixed. */
export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

const IPV4_PART = /^(0|[1-9]\d{0,2})$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

function bitsOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/**
 * Parses strict dotted-quad IPv4 (`127.0.0.1`; no octal, hex or short forms: URLs are canonicalised by
 * the WHATWG parser before they get here, and resolvers answer in this form).
 */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** Parses IPv6 text, with `::` compression, a dotted IPv4 tail and an optional `%zone` (ignored). */
export function parseIpv6(text: string): bigint | undefined {
  let rest = text.split('%')[0] ?? '';
  if (rest.includes('.')) {
    const cut = rest.lastIndexOf(':');
    const tail = parseIpv4(rest.slice(cut + 1));
    if (cut < 0 || tail === undefined) return undefined;
    rest = `${rest.slice(0, cut + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!IPV6_GROUP.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

/** Parses an IPv4 or IPv6 literal (IPv6 may be bracketed, as in a URL host); undefined if it is neither. */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!bare.includes(':')) return undefined;
  const v6 = parseIpv6(bare);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Parses `address/prefix`; host bits past the prefix are ignored. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.split('/');
  if (address === undefined || prefixText === undefined || extra !== undefined) return undefined;
  const ip = parseIp(address);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bitsOf(ip.family)) return undefined;
  return { family: ip.family, base: ip.value, prefix };
}

/** The single-address range holding exactly `ip`. */
export function cidrOf(ip: IpAddress): Cidr {
  return { family: ip.family, base: ip.value, prefix: bitsOf(ip.family) };
}

/** Whether `ip` lies in `range` (never across families: mapped addresses are unwrapped by the caller). */
export function cidrContains(range: Cidr, ip: IpAddress): boolean {
  if (range.family !== ip.family) return false;
  const shift = BigInt(bitsOf(ip.family) - range.prefix);
  return ip.value >> shift === range.base >> shift;
}

/** Dotted-quad text of an IPv4 value. */
export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** IPv6 forms that carry an IPv4 address a packet may end up at, with where the IPv4 bits sit. */
const EMBEDDING_FORMS: readonly { range: Cidr; shift: bigint; name: string }[] = [
  { range: builtinCidr('::ffff:0:0/96'), shift: 0n, name: 'IPv4-mapped' },
  { range: builtinCidr('::ffff:0:0:0/96'), shift: 0n, name: 'IPv4-translated' },
  { range: builtinCidr('64:ff9b::/96'), shift: 0n, name: 'NAT64' },
  { range: builtinCidr('2002::/16'), shift: 80n, name: '6to4' },
  { range: builtinCidr('::/96'), shift: 0n, name: 'IPv4-compatible' },
];

/** The IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIpv4(ip: IpAddress): { ipv4: IpAddress; form: string } | undefined {
  if (ip.family !== 6) return undefined;
  const form = EMBEDDING_FORMS.find((candidate) => cidrContains(candidate.range, ip));
  if (!form) return undefined;
  return { ipv4: { family: 4, value: (ip.value >> form.shift) & 0xffffffffn }, form: form.name };
}

/** Parses a CIDR written in this codebase; a typo is a bug, so it throws. */
export function builtinCidr(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`invalid built-in CIDR ${text}`);
  return cidr;
}
