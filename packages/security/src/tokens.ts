import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Marks KlikkFlow API keys, so secret scanners and humans recognise a leaked one. */
export const API_KEY_PREFIX = 'kf_';

const TOKEN_BYTES = 32;
const PREFIX_LENGTH = 10;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A new API key: show `key` once; store only `keyHash` and the `prefix` (to list and recognise keys). */
export interface GeneratedApiKey {
  /** `kf_` plus 32 random bytes in base64url. */
  key: string;
  /** SHA-256 of the key, hex: what the database stores and looks keys up by. */
  keyHash: string;
  /** The first 10 characters of the key, safe to display. */
  prefix: string;
}

/**
 * Makes an API key. A fast hash is enough for storage because the key carries 256 random bits; it also
 * lets a request's key be looked up by its hash in one indexed query.
 */
export function generateApiKey(): GeneratedApiKey {
  const key = API_KEY_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
  return { key, keyHash: hashApiKey(key), prefix: key.slice(0, PREFIX_LENGTH) };
}

/** The stored form of an API key (SHA-256, hex), to look up the key a request presents. */
export function hashApiKey(key: string): string {
  return sha256(key).toString('hex');
}

/** A new session: `token` goes to the client (cookie); `id` is what the server stores. */
export interface GeneratedSessionToken {
  /** 32 random bytes in base64url. */
  token: string;
  /** SHA-256 of the token, hex. */
  id: string;
}

/**
 * Makes a session token. The server keeps only its hash, so someone who reads the sessions table cannot
 * present a stored row as a cookie (battery S16).
 */
export function generateSessionToken(): GeneratedSessionToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

/** The stored session id for a presented token (SHA-256, hex). */
export function sessionIdOf(token: string): string {
  return sha256(token).toString('hex');
}

/**
 * Compares two strings in constant time. Both are hashed first, so the comparison takes the same time
 * whatever the lengths and wherever they differ, and does not leak the expected value's length.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}
