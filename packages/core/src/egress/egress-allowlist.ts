import { UserError } from '@klikkflow/types';
import {
  type Cidr,
  cidrContains,
  cidrOf,
  embeddedIpv4,
  type IpAddress,
  parseCidr,
  parseIp,
} from './ip-address.js';

/** What an operator opened with `KLIKKFLOW_EGRESS_ALLOW`: host names (exact), IPs and CIDR ranges. */
export interface EgressAllowlist {
  /** Whether requests to this host name (as the URL spells it) skip the address check. */
  allowsHost(hostname: string): boolean;
  /** Whether this address, or the IPv4 it embeds, is inside an allowed IP or range. */
  allowsAddress(ip: IpAddress): boolean;
}

/** Host names compare lower-case and without the root dot, so `Svc.Internal.` matches `svc.internal`. */
export function normaliseHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

function invalidEntry(entry: string, why: string): UserError {
  return new UserError('EGRESS_ALLOW_INVALID', `KLIKKFLOW_EGRESS_ALLOW entry "${entry}" ${why}`, {
    details: { entry },
  });
}

/** A host entry goes through the WHATWG parser, so `0x7f.1` becomes the IP 127.0.0.1 exactly as in URLs. */
function parseEntry(entry: string): { host: string } | { range: Cidr } {
  if (entry.includes('/')) {
    const range = parseCidr(entry);
    if (!range) throw invalidEntry(entry, 'is not a valid CIDR range (like 10.0.0.0/8 or fd00::/8)');
    return { range };
  }
  const literal = parseIp(entry);
  if (literal) return { range: cidrOf(literal) };
  let url: URL;
  try {
    url = new URL(`http://${entry}/`);
  } catch {
    throw invalidEntry(entry, 'is not a host name, IP address or CIDR range');
  }
  if (url.port !== '' || url.username !== '' || url.pathname !== '/' || url.search !== '') {
    throw invalidEntry(entry, 'must be a bare host name, IP address or CIDR range (no port or path)');
  }
  const ip = parseIp(url.hostname);
  return ip ? { range: cidrOf(ip) } : { host: normaliseHostname(url.hostname) };
}

/** Parses allowlist entries; throws `EGRESS_ALLOW_INVALID` naming the first bad one. */
export function parseEgressAllowlist(entries: readonly string[]): EgressAllowlist {
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parsed = parseEntry(entry);
    if ('host' in parsed) hosts.add(parsed.host);
    else ranges.push(parsed.range);
  }
  const inRange = (ip: IpAddress) => ranges.some((range) => cidrContains(range, ip));
  return {
    allowsHost: (hostname) => hosts.has(normaliseHostname(hostname)),
    allowsAddress: (ip) => {
      if (inRange(ip)) return true;
      const embedded = embeddedIpv4(ip);
      return embedded !== undefined && inRange(embedded.ipv4);
    },
  };
}
