import type { HttpResponse, NodeExecutionContext } from '@klikkflow/plugin-sdk';
import type { Authenticator } from './http-auth.js';
import { encodeRequest } from './http-request-encoding.js';
import type { RequestSpec } from './http-request-spec.js';

/** Retries after a rate limit or server error, before giving up with the last response. */
export const MAX_RETRIES = 3;
/** A Retry-After longer than this is not waited for in memory: the error goes to the engine instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;

/** How each request of a run is sent. */
export interface SendSettings {
  retryOnRateLimit: boolean;
  sendIdempotencyKey: boolean;
  timeoutMs?: number;
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined when absent or bad. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Sends, retrying 429 and 5xx answers up to {@link MAX_RETRIES} times: after the server's `Retry-After`
 * when given (up to {@link MAX_RETRY_AFTER_MS}), else after 1 s, 2 s, 4 s. Returns the last response.
 */
export async function withRetries(
  ctx: NodeExecutionContext,
  enabled: boolean,
  send: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  for (let retry = 0; ; retry++) {
    const response = await send();
    if (!enabled || retry >= MAX_RETRIES || !retryable(response.status)) return response;
    const asked = retryAfterMs(response.headers['retry-after'], ctx.now());
    if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) return response;
    await ctx.sleep(asked ?? BACKOFF_BASE_MS * 2 ** retry);
  }
}

/**
 * Sends one request of item `itemIndex` (page `page` of it): adds authentication, the idempotency key
 * (`<key>` for the first page, `<key>:<page>` after) and the timeout, retries rate limits and server
 * errors, and after a 401 renews an OAuth2 token and tries once more.
 */
export async function sendRequest(
  ctx: NodeExecutionContext,
  spec: RequestSpec,
  auth: Authenticator,
  settings: SendSettings,
  itemIndex: number,
  page: number,
): Promise<HttpResponse> {
  const attempt = async (): Promise<HttpResponse> => {
    const options = encodeRequest(spec, await auth.additions());
    if (settings.timeoutMs !== undefined) options.timeoutMs = settings.timeoutMs;
    if (settings.sendIdempotencyKey) {
      const key = ctx.idempotencyKey(itemIndex);
      options.idempotencyKey = page === 0 ? key : `${key}:${page}`;
    }
    return ctx.helpers.httpRequest(options);
  };
  const response = await withRetries(ctx, settings.retryOnRateLimit, attempt);
  if (response.status !== 401 || !auth.renewAfterUnauthorized()) return response;
  return withRetries(ctx, settings.retryOnRateLimit, attempt);
}
