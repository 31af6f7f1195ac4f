import { OperationalError, UserError } from '@klikkflow/types';
import type { EgressResolver } from './egress.types.js';
import { parseEgressAllowlist } from './egress-allowlist.js';
import { type IpAddress, parseIp } from './ip-address.js';
import { type BlockedVerdict, findBlockedRange } from './ip-ranges.js';

/** A checked URL with the one address the connection must go to (DNS is never asked again). */
export interface PinnedTarget {
  url: URL;
  /** The URL's host without IPv6 brackets. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** Decides where outbound requests may go. */
export interface EgressPolicy {
  /** Resolves the URL's host, checks every address, and returns the pinned one (or throws `EGRESS_BLOCKED`). */
  pin(url: URL, resolve: EgressResolver): Promise<PinnedTarget>;
}

const MAX_URL_IN_MESSAGE = 300;

/** URL text for errors and logs: credentials in the userinfo are dropped, very long URLs cut. */
export function describeUrl(url: URL): string {
  let text = url.href;
  if (url.username !== '' || url.password !== '') {
    const copy = new URL(url.href);
    copy.username = '';
    copy.password = '';
    text = copy.href;
  }
  return text.length > MAX_URL_IN_MESSAGE ? `${text.slice(0, MAX_URL_IN_MESSAGE)}…` : text;
}

/**
 * Parses a URL (relative to `base` for redirects) with the WHATWG parser, which canonicalises decimal,
 * octal, hex and short IPv4 spellings, and refuses every scheme but http: and https:.
 */
export function parseEgressUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (cause) {
    throw new UserError('EGRESS_INVALID_URL', `"${raw.slice(0, MAX_URL_IN_MESSAGE)}" is not a valid URL`, {
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const shown = describeUrl(url);
    throw new UserError('EGRESS_BLOCKED', `refused ${shown}: only http: and https: URLs may be requested`, {
      details: { url: shown, rule: 'scheme' },
    });
  }
  return url;
}

function blockedError(url: URL, address: string, verdict: BlockedVerdict, hostname?: string): UserError {
  const { range, embedded } = verdict;
  const who = embedded ? `${address} (${embedded.form} for ${embedded.text})` : address;
  const lead = hostname === undefined ? `${who} is` : `${hostname} resolves to ${who}, which is`;
  const shown = describeUrl(url);
  return new UserError(
    'EGRESS_BLOCKED',
    `refused ${shown}: ${lead} in the ${range.label} range ${range.cidr} (allow it with KLIKKFLOW_EGRESS_ALLOW)`,
    { details: { url: shown, address, rule: range.rule } },
  );
}

function resolveFailed(url: URL, hostname: string, why: string, cause?: unknown): OperationalError {
  const shown = describeUrl(url);
  return new OperationalError('EGRESS_NETWORK', `could not resolve ${hostname} for ${shown}: ${why}`, {
    cause,
    details: { url: shown, hostname, code: (cause as { code?: unknown } | undefined)?.code },
  });
}

/** Builds the policy; throws `EGRESS_ALLOW_INVALID` for a malformed allowlist entry. */
export function createEgressPolicy(allow: readonly string[]): EgressPolicy {
  const allowlist = parseEgressAllowlist(allow);
  const check = (url: URL, address: string, ip: IpAddress, hostname?: string) => {
    if (allowlist.allowsAddress(ip)) return;
    const verdict = findBlockedRange(ip);
    if (verdict) throw blockedError(url, address, verdict, hostname);
  };

  return {
    async pin(url, resolve) {
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const literal = parseIp(hostname);
      if (literal) {
        check(url, hostname, literal);
        return { url, hostname, address: hostname, family: literal.family };
      }
      let answers: Awaited<ReturnType<EgressResolver>>;
      try {
        answers = await resolve(hostname);
      } catch (cause) {
        throw resolveFailed(url, hostname, cause instanceof Error ? cause.message : String(cause), cause);
      }
      // An allowed name skips the range check (the operator vouched for it), never the pinning.
      const trusted = allowlist.allowsHost(hostname);
      const checked = answers.map(({ address }) => {
        const ip = parseIp(address);
        if (!ip) throw resolveFailed(url, hostname, `the resolver answered "${address}", not an IP address`);
        if (!trusted) check(url, address, ip, hostname);
        return { address, family: ip.family };
      });
      const pinned = checked[0];
      if (!pinned) throw resolveFailed(url, hostname, 'no addresses');
      return { url, hostname, ...pinned };
    },
  };
}
