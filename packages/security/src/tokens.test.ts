import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, generateSessionToken, hashApiKey, safeEqual, sessionIdOf } from './tokens.js';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('generateApiKey', () => {
  it('makes kf_ plus 32 random bytes in base64url', () => {
    const { key } = generateApiKey();
    expect(key).toMatch(/^kf_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
  });

  it('returns the SHA-256 hex of the key and its first 10 characters', () => {
    const { key, keyHash, prefix } = generateApiKey();
    expect(keyHash).toBe(sha256Hex(key));
    expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(prefix).toBe(key.slice(0, 10));
    expect(prefix.startsWith('kf_')).toBe(true);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
    expect(keys.size).toBe(200);
  });
});

describe('hashApiKey', () => {
  it('matches the hash stored at creation and differs for any other key', () => {
    const { key, keyHash } = generateApiKey();
    expect(hashApiKey(key)).toBe(keyHash);
    expect(hashApiKey(`${key}x`)).not.toBe(keyHash);
    expect(hashApiKey('kf_abc')).toBe(sha256Hex('kf_abc'));
  });
});

describe('generateSessionToken', () => {
  it('makes 32 random bytes in base64url with the SHA-256 hex as id', () => {
    const { token, id } = generateSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(id).toBe(sha256Hex(token));
    expect(id).not.toContain(token);
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateSessionToken().token));
    expect(tokens.size).toBe(200);
  });
});

describe('sessionIdOf', () => {
  it('recovers the stored id from the presented token only', () => {
    const { token, id } = generateSessionToken();
    expect(sessionIdOf(token)).toBe(id);
    expect(sessionIdOf(token.slice(1))).not.toBe(id);
  });
});

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual('secret-value', 'secret-value')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('secret-value', 'secret-valuE')).toBe(false);
    expect(safeEqual('secret-value', 'secret-valu')).toBe(false);
    expect(safeEqual('secret-value', '')).toBe(false);
    expect(safeEqual('a', 'b')).toBe(false);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(() => safeEqual('short', 'a much longer string')).not.toThrow();
  });

  it('compares by content, including non-ASCII', () => {
    expect(safeEqual('pässwörd', 'pässwörd')).toBe(true);
    expect(safeEqual('pässwörd', 'passwörd')).toBe(false);
  });
});
