import { createDecipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from './credential-cipher.js';

const MASTER_KEY = 'test-master-key-0123456789-abcdefghij';
const SECRET = 'canary-Sup3r-Secret-value';
const cipher = createCredentialCipher(MASTER_KEY);

function decryptError(envelope: unknown, target = cipher): { code: string; intent: string; reason: string } {
  try {
    target.decrypt(envelope as string);
  } catch (error) {
    const e = error as { code: string; intent: string; message: string; details: { reason: string } };
    // No secret material may ride on the error: not the plaintext, the key, or the envelope text.
    const exposed = JSON.stringify({ message: e.message, details: e.details, cause: (error as Error).cause });
    expect(exposed).not.toContain(SECRET);
    expect(exposed).not.toContain(MASTER_KEY);
    if (typeof envelope === 'string' && envelope.length > 3) expect(exposed).not.toContain(envelope);
    return { code: e.code, intent: e.intent, reason: e.details.reason };
  }
  throw new Error('decrypt did not throw');
}

function expectRejected(envelope: unknown, target = cipher): string {
  const error = decryptError(envelope, target);
  expect(error.code).toBe('CREDENTIAL_DECRYPT_FAILED');
  return error.reason;
}

/** Rebuilds an envelope after changing the decoded bytes of one part (1 iv, 2 tag, 3 ciphertext). */
function withPart(envelope: string, index: number, change: (bytes: Buffer) => Buffer): string {
  const parts = envelope.split(':');
  parts[index] = change(Buffer.from(parts[index]!, 'base64url')).toString('base64url');
  return parts.join(':');
}

describe('createCredentialCipher', () => {
  it('rejects master keys shorter than 32 characters without echoing them', () => {
    for (const key of ['', 'short', 'x'.repeat(31)]) {
      let error: { code?: string; message?: string } = {};
      try {
        createCredentialCipher(key);
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error.code).toBe('ENCRYPTION_KEY_INVALID');
      if (key.length > 0) expect(error.message).not.toContain(key);
    }
    expect(() => createCredentialCipher('x'.repeat(32))).not.toThrow();
  });
});

describe('encrypt / decrypt', () => {
  it('round-trips nested objects, arrays, unicode and large values', () => {
    const data = {
      apiKey: SECRET,
      nested: { list: [1, 'two', { three: true }], empty: {}, nothing: null },
      unicode: 'pässwörd 密码 😀',
      big: 'x'.repeat(200_000),
    };
    expect(cipher.decrypt(cipher.encrypt(data))).toEqual(data);
    expect(cipher.decrypt(cipher.encrypt({}))).toEqual({});
  });

  it('writes a kf1 envelope of base64url parts with a 12-byte IV and 16-byte tag, plaintext nowhere', () => {
    const envelope = cipher.encrypt({ apiKey: SECRET });
    const [version, iv, tag, ciphertext, ...rest] = envelope.split(':');
    expect(version).toBe('kf1');
    expect(rest).toEqual([]);
    for (const part of [iv, tag, ciphertext]) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(envelope).not.toContain(SECRET);
    expect(envelope).not.toContain(Buffer.from(SECRET).toString('base64url'));
  });

  it('uses a fresh IV for every encryption', () => {
    const ivs = new Set<string>();
    const envelopes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const envelope = cipher.encrypt({ apiKey: SECRET });
      envelopes.add(envelope);
      ivs.add(envelope.split(':')[1]!);
    }
    expect(ivs.size).toBe(500);
    expect(envelopes.size).toBe(500);
  });

  it('decrypts a stored v1 envelope made independently (AES-256-GCM, HKDF-SHA256 key, "kf1" as AAD)', () => {
    // Made outside this module with node:crypto; if this breaks, existing databases no longer decrypt.
    const stored =
      'kf1:AAECAwQFBgcICQoL:9IEd8r-aJgxohEU991COsA:CSuNRCQtyNLh4cXNC3JV7kLJMc3VkCuBSc-8BjmbhXSCi1VSkiDIK0wn9p-kbw';
    const known = createCredentialCipher('known-answer-master-key-0123456789abcdef');
    expect(known.decrypt(stored)).toEqual({ apiKey: 'kat-secret-value', nested: { n: 1 } });
  });

  it('derives the AES key with HKDF rather than using the master key bytes', () => {
    const envelope = cipher.encrypt({ apiKey: SECRET });
    const [, iv, tag, ciphertext] = envelope.split(':').map((part) => Buffer.from(part, 'base64url'));
    const open = (key: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, iv!).setAAD(Buffer.from('kf1')).setAuthTag(tag!);
      return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
    };
    const derived = Buffer.from(
      hkdfSync('sha256', MASTER_KEY, Buffer.alloc(0), 'klikkflow credentials v1', 32),
    );
    expect(JSON.parse(open(derived))).toEqual({ apiKey: SECRET });
    expect(() => open(Buffer.from(MASTER_KEY.slice(0, 32)))).toThrow();
  });

  it('refuses data that is not a JSON-serializable object', () => {
    const cyclic: Record<string, unknown> = { apiKey: SECRET };
    cyclic.self = cyclic;
    for (const data of [cyclic, { n: 1n }, [SECRET], null, 'text', { toJSON: () => undefined }]) {
      let error: { code?: string; message?: string } = {};
      try {
        cipher.encrypt(data as Record<string, unknown>);
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error.code).toBe('CREDENTIAL_DATA_INVALID');
      expect(error.message).not.toContain(SECRET);
    }
  });
});

describe('decrypt rejects', () => {
  const envelope = cipher.encrypt({ apiKey: SECRET, nested: { password: SECRET } });

  it('a flipped bit anywhere in the IV, tag or ciphertext', () => {
    for (const index of [1, 2, 3]) {
      const length = Buffer.from(envelope.split(':')[index]!, 'base64url').length;
      for (let byte = 0; byte < length; byte++) {
        const tampered = withPart(envelope, index, (bytes) => {
          const copy = Buffer.from(bytes);
          copy[byte]! ^= 0x01;
          return copy;
        });
        expect(expectRejected(tampered)).toBe('authentication-failed');
      }
    }
  });

  it('a truncated or extended ciphertext, and a wrong-size IV or tag', () => {
    expect(expectRejected(withPart(envelope, 3, (b) => b.subarray(0, b.length - 1)))).toBe(
      'authentication-failed',
    );
    expect(expectRejected(withPart(envelope, 3, (b) => Buffer.concat([b, Buffer.from([0])])))).toBe(
      'authentication-failed',
    );
    expect(expectRejected(withPart(envelope, 1, (b) => b.subarray(0, 11)))).toBe('malformed');
    expect(expectRejected(withPart(envelope, 2, (b) => b.subarray(0, 12)))).toBe('malformed');
    expect(expectRejected(withPart(envelope, 2, (b) => Buffer.concat([b, b])))).toBe('malformed');
  });

  it('truncated or reshaped envelope text', () => {
    const parts = envelope.split(':');
    const cases = [
      '',
      'kf1',
      parts.slice(0, 3).join(':'),
      `${parts.slice(0, 3).join(':')}:`,
      `${envelope}:extra`,
      envelope.slice(0, -1),
      envelope.replace(/:[^:]+:/, '::'),
      `${envelope.slice(0, -2)}!!`,
      ` ${envelope}`,
    ];
    for (const bad of cases) expectRejected(bad);
    expectRejected(undefined);
    expectRejected(42);
  });

  it('parts swapped between two envelopes of the same key', () => {
    const other = cipher.encrypt({ apiKey: 'another-secret-entirely' }).split(':');
    const mine = envelope.split(':');
    expect(expectRejected([mine[0], other[1], mine[2], mine[3]].join(':'))).toBe('authentication-failed');
    expect(expectRejected([mine[0], mine[1], other[2], mine[3]].join(':'))).toBe('authentication-failed');
    expect(expectRejected([mine[0], mine[1], mine[2], other[3]].join(':'))).toBe('authentication-failed');
  });

  it('an envelope made with another master key, even one differing in a single character', () => {
    const almost = createCredentialCipher(`${MASTER_KEY.slice(0, -1)}!`);
    const other = createCredentialCipher('another-master-key-9876543210-zyxwvut');
    expect(expectRejected(envelope, almost)).toBe('authentication-failed');
    expect(expectRejected(envelope, other)).toBe('authentication-failed');
    expect(expectRejected(other.encrypt({ apiKey: SECRET }))).toBe('authentication-failed');
  });

  it('unknown versions, including a v1 envelope relabelled', () => {
    const body = envelope.slice('kf1'.length);
    expect(expectRejected(`kf2${body}`)).toBe('unsupported-version');
    expect(expectRejected(`KF1${body}`)).toBe('unsupported-version');
    expect(expectRejected(`${SECRET}${body}`)).toBe('unsupported-version');
    expect(expectRejected(SECRET)).toBe('malformed');
  });

  it('with an UnexpectedError whose message contains no secret material', () => {
    const error = decryptError(withPart(envelope, 3, (b) => b.subarray(1)));
    expect(error.intent).toBe('unexpected');
    expect(error.code).toBe('CREDENTIAL_DECRYPT_FAILED');
  });
});
