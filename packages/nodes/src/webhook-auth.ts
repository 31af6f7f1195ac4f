import { createHash, createHmac, createPublicKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { choice } from './shared/choice.js';

/** How a webhook checks its caller. */
export type WebhookAuthMode = 'none' | 'headerAuth' | 'basicAuth' | 'hmac' | 'jwt';

/** The modes, in the order the node offers them. */
export const webhookAuthModes: readonly WebhookAuthMode[] = [
  'none',
  'headerAuth',
  'basicAuth',
  'hmac',
  'jwt',
];

/** Credential type each mode needs (none for `none`). */
export const webhookAuthCredentialTypes: Readonly<Record<WebhookAuthMode, string | undefined>> = {
  none: undefined,
  headerAuth: 'httpHeaderAuth',
  basicAuth: 'httpBasicAuth',
  hmac: 'webhookHmacAuth',
  jwt: 'jwtAuth',
};

/**
 * The webhook's `authentication` parameter as a mode. n8n files say `jwtAuth` where this node says `jwt`;
 * anything unknown is a `NODE_PARAMETER_INVALID`.
 */
export function webhookAuthMode(value: unknown): WebhookAuthMode {
  return choice(value === 'jwtAuth' ? 'jwt' : value, webhookAuthModes, 'authentication');
}

/** What the server knows about a request when it checks auth: the bytes as received, before any parsing. */
export interface WebhookAuthRequest {
  /** Header names in any case. */
  headers: Readonly<Record<string, string>>;
  rawBody: Uint8Array;
  /** Epoch milliseconds. */
  now: number;
}

/** Stable codes of a refused request. */
export type WebhookAuthCode =
  | 'WEBHOOK_AUTH_MISSING'
  | 'WEBHOOK_AUTH_INVALID'
  | 'WEBHOOK_AUTH_EXPIRED'
  | 'WEBHOOK_AUTH_REPLAYED'
  | 'WEBHOOK_AUTH_MISCONFIGURED';

/** The verdict: pass, or the status, code, message and headers to answer with. */
export type WebhookAuthResult =
  | { ok: true; jwtPayload?: JWTPayload }
  | { ok: false; status: number; code: WebhookAuthCode; message: string; headers?: Record<string, string> };

const statusOf: Record<WebhookAuthCode, number> = {
  WEBHOOK_AUTH_MISSING: 401,
  WEBHOOK_AUTH_INVALID: 403,
  WEBHOOK_AUTH_EXPIRED: 403,
  WEBHOOK_AUTH_REPLAYED: 403,
  WEBHOOK_AUTH_MISCONFIGURED: 500,
};

function refuse(code: WebhookAuthCode, message: string, headers?: Record<string, string>): WebhookAuthResult {
  return headers
    ? { ok: false, status: statusOf[code], code, message, headers }
    : { ok: false, status: statusOf[code], code, message };
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/**
 * Compares two secrets in constant time. Both sides are hashed first, so `timingSafeEqual` always gets
 * equal-length buffers and the time taken says nothing about the expected length either.
 */
export function safeEqual(given: string | Uint8Array, expected: string | Uint8Array): boolean {
  const digest = (value: string | Uint8Array) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function verifyHeader(credential: Record<string, unknown>, request: WebhookAuthRequest): WebhookAuthResult {
  const name = text(credential.name).trim();
  const expected = text(credential.value);
  if (!name || !expected)
    return refuse('WEBHOOK_AUTH_MISCONFIGURED', 'header auth needs a header name and value');
  const given = headerValue(request.headers, name);
  if (given === undefined) return refuse('WEBHOOK_AUTH_MISSING', `header ${name} is missing`);
  return safeEqual(given, expected)
    ? { ok: true }
    : refuse('WEBHOOK_AUTH_INVALID', `header ${name} is wrong`);
}

const basicChallenge = { 'WWW-Authenticate': 'Basic realm="Webhook"' };

function verifyBasic(credential: Record<string, unknown>, request: WebhookAuthRequest): WebhookAuthResult {
  const user = text(credential.user);
  const password = text(credential.password);
  if (!user || !password) return refuse('WEBHOOK_AUTH_MISCONFIGURED', 'basic auth needs a user and password');
  const header = headerValue(request.headers, 'authorization');
  const match = header?.match(/^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i);
  if (!header) return refuse('WEBHOOK_AUTH_MISSING', 'basic authorization is missing', basicChallenge);
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0)
    return refuse('WEBHOOK_AUTH_INVALID', 'authorization is not valid basic auth', basicChallenge);
  // Both comparisons always run, so timing does not tell whether the user name was right.
  const userOk = safeEqual(decoded.slice(0, colon), user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), password);
  return userOk && passwordOk
    ? { ok: true }
    : refuse('WEBHOOK_AUTH_INVALID', 'user or password is wrong', basicChallenge);
}

const replayWindowSeconds = 300;

function verifyHmac(credential: Record<string, unknown>, request: WebhookAuthRequest): WebhookAuthResult {
  const secret = text(credential.secret);
  const algorithm = text(credential.algorithm, 'sha256');
  const encoding = text(credential.encoding, 'hex');
  if (!secret) return refuse('WEBHOOK_AUTH_MISCONFIGURED', 'HMAC auth needs a secret');
  if (!['sha256', 'sha512', 'sha1'].includes(algorithm) || !['hex', 'base64'].includes(encoding)) {
    return refuse(
      'WEBHOOK_AUTH_MISCONFIGURED',
      `unsupported HMAC algorithm or encoding ${algorithm}/${encoding}`,
    );
  }
  const headerName = text(credential.header).trim() || 'X-Signature-256';
  const prefix = text(credential.prefix, 'sha256=');
  const signature = headerValue(request.headers, headerName)?.trim();
  if (!signature) return refuse('WEBHOOK_AUTH_MISSING', `signature header ${headerName} is missing`);

  const timestampHeader = text(credential.timestampHeader).trim();
  const timestamp = timestampHeader ? headerValue(request.headers, timestampHeader)?.trim() : undefined;
  if (timestampHeader && !timestamp) {
    return refuse('WEBHOOK_AUTH_MISSING', `timestamp header ${timestampHeader} is missing`);
  }
  const hmac = createHmac(algorithm, secret);
  if (timestamp) hmac.update(`${timestamp}.`);
  const expected = prefix + hmac.update(request.rawBody).digest(encoding === 'hex' ? 'hex' : 'base64');
  const given = encoding === 'hex' ? prefix + signature.slice(prefix.length).toLowerCase() : signature;
  if (!signature.startsWith(prefix) || !safeEqual(given, expected)) {
    return refuse('WEBHOOK_AUTH_INVALID', `signature in ${headerName} does not match the body`);
  }
  if (timestamp !== undefined) {
    const tolerance = Number(credential.toleranceSeconds ?? replayWindowSeconds);
    const window = Number.isFinite(tolerance) && tolerance > 0 ? tolerance : replayWindowSeconds;
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!(Math.abs(request.now / 1000 - seconds) <= window)) {
      return refuse('WEBHOOK_AUTH_REPLAYED', `timestamp ${timestamp} is outside the ${window} s window`);
    }
  }
  return { ok: true };
}

const jwtAlgorithms = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
  'ES384',
  'ES512',
];
const bearerChallenge = { 'WWW-Authenticate': 'Bearer' };

function jwtKey(credential: Record<string, unknown>, algorithm: string): Uint8Array | KeyObject | string {
  if (algorithm.startsWith('HS')) {
    const secret = text(credential.secret);
    return secret ? new TextEncoder().encode(secret) : 'JWT auth with an HS algorithm needs a secret';
  }
  try {
    return createPublicKey(text(credential.publicKey));
  } catch {
    return `JWT auth with ${algorithm} needs a PEM public key or certificate`;
  }
}

async function verifyJwt(
  credential: Record<string, unknown>,
  request: WebhookAuthRequest,
): Promise<WebhookAuthResult> {
  const algorithm = text(credential.algorithm, 'HS256');
  if (!jwtAlgorithms.includes(algorithm)) {
    return refuse('WEBHOOK_AUTH_MISCONFIGURED', `unsupported JWT algorithm ${algorithm}`);
  }
  const key = jwtKey(credential, algorithm);
  if (typeof key === 'string') return refuse('WEBHOOK_AUTH_MISCONFIGURED', key);
  const header = headerValue(request.headers, 'authorization');
  const token = header?.match(/^bearer\s+(\S+)\s*$/i)?.[1];
  if (!header) return refuse('WEBHOOK_AUTH_MISSING', 'bearer token is missing', bearerChallenge);
  if (!token) return refuse('WEBHOOK_AUTH_INVALID', 'authorization is not a bearer token', bearerChallenge);
  try {
    // Only the configured algorithm is accepted (no "none", no HS/RS confusion); exp and nbf are enforced.
    // jose loads on the first JWT check: most servers never verify one, and start faster without it.
    const { jwtVerify } = await import('jose');
    const { payload } = await jwtVerify(token, key, {
      algorithms: [algorithm],
      currentDate: new Date(request.now),
    });
    return { ok: true, jwtPayload: payload };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_JWT_EXPIRED') return refuse('WEBHOOK_AUTH_EXPIRED', 'JWT has expired', bearerChallenge);
    const reason =
      code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' ? (error as Error).message : 'signature or format is wrong';
    return refuse('WEBHOOK_AUTH_INVALID', `JWT refused: ${reason}`, bearerChallenge);
  }
}

/**
 * Checks a webhook request against the node's authentication mode and its decrypted credential. Pure and
 * offline: header, basic and HMAC checks compare in constant time; HMAC covers the raw body bytes (so the
 * server must not re-serialize a parsed body) and, with a timestamp header, refuses signatures older or
 * newer than the tolerance (default 5 minutes); JWTs are verified with jose for the configured algorithm
 * only, with expiry and not-before enforced at `now`. A missing or incomplete credential refuses the request.
 */
export async function verifyWebhookAuth(
  mode: WebhookAuthMode,
  credential: Record<string, unknown> | undefined,
  request: WebhookAuthRequest,
): Promise<WebhookAuthResult> {
  if (mode === 'none') return { ok: true };
  if (!credential) return refuse('WEBHOOK_AUTH_MISCONFIGURED', `authentication ${mode} has no credential`);
  switch (mode) {
    case 'headerAuth':
      return verifyHeader(credential, request);
    case 'basicAuth':
      return verifyBasic(credential, request);
    case 'hmac':
      return verifyHmac(credential, request);
    case 'jwt':
      return verifyJwt(credential, request);
  }
  // A mode from outside the type (an unchecked parameter) must never let a request through.
  return refuse('WEBHOOK_AUTH_MISCONFIGURED', `unknown authentication ${JSON.stringify(mode)}`);
}
