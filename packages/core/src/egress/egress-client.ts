import { lookup } from 'node:dns/promises';
import { OperationalError, UserError } from '@klikkflow/types';
import type {
  EgressClientOptions,
  EgressRequest,
  EgressResolver,
  EgressResponse,
  HttpEgressClient,
} from './egress.types.js';
import { createEgressPolicy, describeUrl, parseEgressUrl } from './egress-policy.js';
import { sendHop } from './egress-transport.js';

/** Defaults of {@link EgressClientOptions}. */
export const EGRESS_DEFAULTS = {
  timeoutMs: 30_000,
  maxResponseBytes: 50 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin (credentials for the first one). */
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

/** The system resolver: every address, in the order the OS gives them. */
export const systemResolver: EgressResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

function withoutHeaders(headers: Record<string, string>, names: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));
}

interface HopState {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** The request for the next hop, as browsers do it: 303 (and 301/302 after POST) become a bodiless GET. */
function redirected(previous: HopState, status: number, next: URL): HopState {
  const toGet =
    (status === 303 && previous.method !== 'HEAD') ||
    ((status === 301 || status === 302) && previous.method === 'POST');
  let headers = previous.headers;
  if (next.origin !== previous.url.origin) headers = withoutHeaders(headers, ORIGIN_BOUND_HEADERS);
  if (!toGet) return { ...previous, url: next, headers };
  return { url: next, method: 'GET', headers: withoutHeaders(headers, BODY_HEADERS) };
}

/** Runs `work` with a signal that fires on the caller's abort or when the deadline passes. */
async function withDeadline<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  url: URL,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (outer?.aborted) throw outer.reason;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => {
    const shown = describeUrl(url);
    controller.abort(
      new OperationalError('EGRESS_TIMEOUT', `request to ${shown} timed out after ${timeoutMs} ms`, {
        details: { url: shown, timeoutMs },
      }),
    );
  }, timeoutMs);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** Settles with `promise`, or with the signal's reason if it aborts first (DNS lookups cannot be canceled). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Creates the SSRF-guarded HTTP client, the only network door (guarantee G12). Every hop's URL is
 * parsed with the WHATWG parser, its host resolved, every address checked against the blocked ranges
 * (unless allowed), and the connection pinned to a checked address. Redirects are followed by hand and
 * re-checked. Errors: `EGRESS_BLOCKED`, `EGRESS_INVALID_URL`, `EGRESS_INVALID_REQUEST`,
 * `EGRESS_RESPONSE_TOO_LARGE`, `EGRESS_TOO_MANY_REDIRECTS` (UserError); `EGRESS_TIMEOUT`,
 * `EGRESS_NETWORK` (OperationalError); a caller's abort rejects with the signal's reason.
 * Throws `EGRESS_ALLOW_INVALID` at creation for a malformed allowlist entry.
 */
export function createEgressClient(options: EgressClientOptions = {}): HttpEgressClient {
  const policy = createEgressPolicy(options.allow ?? []);
  const resolve = options.resolver ?? systemResolver;
  const maxResponseBytes = options.maxResponseBytes ?? EGRESS_DEFAULTS.maxResponseBytes;
  const maxRedirects = options.maxRedirects ?? EGRESS_DEFAULTS.maxRedirects;

  const follow = async (first: HopState, signal: AbortSignal): Promise<EgressResponse> => {
    let hop = first;
    for (let redirects = 0; ; redirects++) {
      const target = await unlessAborted(policy.pin(hop.url, resolve), signal);
      const response = await sendHop({ ...hop, target, maxResponseBytes, signal });
      const location = response.headers.location;
      if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return response;
      if (redirects >= maxRedirects) {
        const shown = describeUrl(first.url);
        throw new UserError(
          'EGRESS_TOO_MANY_REDIRECTS',
          `${shown} redirected more than ${maxRedirects} times`,
          {
            details: { url: shown, maxRedirects },
          },
        );
      }
      hop = redirected(hop, response.status, parseEgressUrl(location, hop.url));
    }
  };

  return {
    async request(request: EgressRequest): Promise<EgressResponse> {
      const url = parseEgressUrl(request.url);
      let headers = request.headers ?? {};
      if (request.idempotencyKey !== undefined) {
        headers = withoutHeaders(headers, new Set(['idempotency-key']));
        headers['Idempotency-Key'] = request.idempotencyKey;
      }
      const first: HopState = {
        url,
        method: (request.method ?? 'GET').toUpperCase(),
        headers,
        body: request.body,
      };
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? EGRESS_DEFAULTS.timeoutMs;
      return withDeadline(timeoutMs, request.signal, url, (signal) => follow(first, signal));
    },
  };
}
