import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from './redactor.js';

const SECRET = 'canary-s3cret/value+with=odd&chars?';

function withSecrets(...secrets: string[]) {
  const redactor = createRedactor();
  for (const secret of secrets) redactor.addSecret(secret);
  return redactor;
}

describe('createRedactor', () => {
  it('exports the replacement marker', () => {
    expect(REDACTED).toBe('[REDACTED]');
  });

  it('leaves text and data alone while no secret is registered', () => {
    const redactor = createRedactor();
    const data = { a: 'anything', b: [1, 2] };
    expect(redactor.size).toBe(0);
    expect(redactor.redactText('anything at all')).toBe('anything at all');
    expect(redactor.redact(data)).toBe(data);
  });

  it('counts distinct secrets, not their encodings or repeats', () => {
    const redactor = withSecrets(SECRET, SECRET, 'another-one');
    expect(redactor.size).toBe(2);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of a raw secret', () => {
    const redactor = withSecrets(SECRET);
    expect(redactor.redactText(`a ${SECRET} b ${SECRET}${SECRET} c`)).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });

  it.each([
    ['base64', (s: string) => Buffer.from(s).toString('base64')],
    ['base64 without padding', (s: string) => Buffer.from(s).toString('base64').replace(/=+$/, '')],
    ['base64url', (s: string) => Buffer.from(s).toString('base64url')],
    ['encodeURIComponent', (s: string) => encodeURIComponent(s)],
    ['form-urlencoded', (s: string) => new URLSearchParams({ q: s }).toString().slice(2)],
  ])('replaces the %s form', (_name, encode) => {
    const secret = 'pa ss/wo+rd?=&"\\ü!';
    const encoded = encode(secret);
    expect(encoded).not.toBe(secret);
    const text = `before ${encoded} after`;
    expect(withSecrets(secret).redactText(text)).toBe(`before ${REDACTED} after`);
  });

  it('replaces the JSON-escaped form inside serialized JSON', () => {
    const secret = 'line1\nline2 "quoted" back\\slash\ttab';
    const json = JSON.stringify({ error: `connect failed: ${secret}` });
    const redacted = withSecrets(secret).redactText(json);
    expect(redacted).toBe(JSON.stringify({ error: `connect failed: ${REDACTED}` }));
    expect(JSON.parse(redacted)).toEqual({ error: `connect failed: ${REDACTED}` });
  });

  it('replaces a Basic auth header when its user:pass value was registered', () => {
    const header = `Basic ${Buffer.from('alice:hunter2-pw').toString('base64')}`;
    const redactor = withSecrets('alice:hunter2-pw');
    expect(redactor.redactText(`Authorization: ${header}`)).toBe(`Authorization: Basic ${REDACTED}`);
  });

  it('replaces the longest secret first, leaving no fragment of it', () => {
    const redactor = withSecrets('pass', 'password123');
    expect(redactor.redactText('x password123 y pass z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
    const reversed = withSecrets('password123', 'pass');
    expect(reversed.redactText('password123')).toBe(REDACTED);
  });

  it('merges partly overlapping and adjacent secrets into one marker', () => {
    const redactor = withSecrets('abcdef', 'defghi');
    expect(redactor.redactText('xx abcdefghi yy')).toBe(`xx ${REDACTED} yy`);
    expect(redactor.redactText('abcdefdefghi')).toBe(REDACTED);
    expect(redactor.redactText('abcdef-defghi')).toBe(`${REDACTED}-${REDACTED}`);
  });

  it('matches regular-expression metacharacters literally', () => {
    const secret = 'a.b*c+(d)[e]{f}|g\\h^$?/-';
    const redactor = withSecrets(secret, 'wx.z');
    expect(redactor.redactText(`<${secret}>`)).toBe(`<${REDACTED}>`);
    expect(redactor.redactText('wxyz')).toBe('wxyz');
    expect(redactor.redactText('wx.z')).toBe(REDACTED);
  });

  it('ignores secrets shorter than 4 characters', () => {
    const redactor = withSecrets('abc', '', 'abcd');
    expect(redactor.size).toBe(1);
    expect(redactor.redactText('abc abcd')).toBe(`abc ${REDACTED}`);
  });

  it('picks up secrets added after it was first used', () => {
    const redactor = withSecrets('first-secret');
    expect(redactor.redactText('first-secret second-secret')).toBe(`${REDACTED} second-secret`);
    redactor.addSecret('second-secret');
    expect(redactor.redactText('first-secret second-secret')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('handles texts shorter than any secret and texts without one', () => {
    const redactor = withSecrets(SECRET);
    expect(redactor.redactText('')).toBe('');
    expect(redactor.redactText('abc')).toBe('abc');
    expect(redactor.redactText('no secret here')).toBe('no secret here');
  });

  it('scrubs a large text with many secrets completely', () => {
    const secrets = Array.from({ length: 200 }, (_, i) => `token-${i}-${'k'.repeat(i % 7)}-end`);
    const redactor = withSecrets(...secrets);
    const text = secrets.map((s, i) => `row ${i}: ${s}; b64 ${Buffer.from(s).toString('base64')}`).join('\n');
    const redacted = redactor.redactText(text.repeat(50));
    for (const secret of secrets) expect(redacted).not.toContain(secret);
    expect(redacted.split(REDACTED)).toHaveLength(200 * 2 * 50 + 1);
  });
});

describe('addSecrets', () => {
  it('registers every string leaf of nested credential data', () => {
    const redactor = createRedactor();
    redactor.addSecrets({
      user: 'db-admin-user',
      nested: { password: 'nested-password', list: ['array-token-1', { deep: 'deepest-key' }] },
    });
    expect(redactor.size).toBe(4);
    const text = 'db-admin-user nested-password array-token-1 deepest-key';
    expect(redactor.redactText(text)).toBe([REDACTED, REDACTED, REDACTED, REDACTED].join(' '));
  });

  it('skips short strings, the words true/false/null, and non-string leaves', () => {
    const redactor = createRedactor();
    redactor.addSecrets({
      a: 'abc',
      b: 'true',
      c: 'false',
      d: 'null',
      e: 12345,
      f: true,
      g: null,
      h: 'real',
    });
    expect(redactor.size).toBe(1);
    expect(redactor.redactText('abc true false null 12345 real')).toBe(
      `abc true false null 12345 ${REDACTED}`,
    );
  });

  it('accepts a bare string or array and survives cyclic data', () => {
    const redactor = createRedactor();
    const cyclic: Record<string, unknown> = { key: 'cyclic-secret' };
    cyclic.self = cyclic;
    redactor.addSecrets(cyclic);
    redactor.addSecrets('bare-secret');
    redactor.addSecrets(['array-secret']);
    expect(redactor.size).toBe(3);
  });
});

describe('redact', () => {
  it('deep-copies nested objects and arrays, redacting strings and keys without touching the input', () => {
    const redactor = withSecrets(SECRET);
    const input = {
      ok: 'plain',
      count: 3,
      flag: true,
      nothing: null,
      [SECRET]: 'secret as a key',
      list: [`x ${SECRET}`, { inner: SECRET, n: 1 }, [Buffer.from(SECRET).toString('base64')]],
    };
    const snapshot = structuredClone(input);
    const output = redactor.redact(input);
    expect(output).toEqual({
      ok: 'plain',
      count: 3,
      flag: true,
      nothing: null,
      [REDACTED]: 'secret as a key',
      list: [`x ${REDACTED}`, { inner: REDACTED, n: 1 }, [REDACTED]],
    });
    expect(input).toEqual(snapshot);
    expect(output).not.toBe(input);
    expect(output.list).not.toBe(input.list);
    expect(output.list[1]).not.toBe(input.list[1]);
    expect(JSON.stringify(output)).not.toContain(SECRET);
  });

  it('copies even parts that contain no secret', () => {
    const redactor = withSecrets(SECRET);
    const input = { clean: { a: 1 } };
    const output = redactor.redact(input);
    expect(output.clean).toEqual({ a: 1 });
    expect(output.clean).not.toBe(input.clean);
  });

  it('redacts strings at the top level and passes other primitives through', () => {
    const redactor = withSecrets(SECRET);
    expect(redactor.redact(`top ${SECRET}`)).toBe(`top ${REDACTED}`);
    expect(redactor.redact(42)).toBe(42);
    expect(redactor.redact(undefined)).toBeUndefined();
  });

  it('keeps a __proto__ key from parsed JSON as an ordinary property', () => {
    const redactor = withSecrets(SECRET);
    const input = JSON.parse(`{"__proto__": {"polluted": "${SECRET}"}}`) as object;
    const output = redactor.redact(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toEqual({ polluted: REDACTED });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('redacts the message, stack and cause of errors, keeping them errors', () => {
    const redactor = withSecrets('mongo-pass');
    const error = new Error('auth failed for mongodb://u:mongo-pass@db', {
      cause: new Error('mongo-pass rejected'),
    });
    const output = redactor.redact({ error }).error;
    expect(output).toBeInstanceOf(Error);
    expect(output.message).toBe(`auth failed for mongodb://u:${REDACTED}@db`);
    expect(output.stack).not.toContain('mongo-pass');
    expect((output.cause as Error).message).toBe(`${REDACTED} rejected`);
    expect(error.message).toContain('mongo-pass');
  });

  it('keeps the prototype of class instances and redacts their fields', () => {
    class Response {
      constructor(readonly body: string) {}
      size() {
        return this.body.length;
      }
    }
    const output = withSecrets(SECRET).redact(new Response(`token=${SECRET}`));
    expect(output).toBeInstanceOf(Response);
    expect(output.body).toBe(`token=${REDACTED}`);
    expect(output.size()).toBe(`token=${REDACTED}`.length);
  });

  it('passes dates and binary views through unchanged', () => {
    const redactor = withSecrets(SECRET);
    const date = new Date(0);
    const bytes = Buffer.from('bytes');
    const output = redactor.redact({ date, bytes });
    expect(output.date).toBe(date);
    expect(output.bytes).toBe(bytes);
  });

  it('reproduces cycles and shared references instead of recursing forever', () => {
    const redactor = withSecrets(SECRET);
    const shared = { value: SECRET };
    const input: Record<string, unknown> = { a: shared, b: shared, list: [] as unknown[] };
    input.self = input;
    (input.list as unknown[]).push(input.list);
    const output = redactor.redact(input) as typeof input;
    expect(output.self).toBe(output);
    expect(output.a).toBe(output.b);
    expect(output.a).toEqual({ value: REDACTED });
    expect((output.list as unknown[])[0]).toBe(output.list);
    expect(output.a).not.toBe(shared);
  });

  it('scrubs run-data-sized structures completely', () => {
    const redactor = createRedactor();
    redactor.addSecrets({ apiKey: 'sk-live-0123456789', password: 'p@ss w0rd!' });
    const items = Array.from({ length: 5000 }, (_, i) => ({
      json: {
        id: i,
        header: `Bearer sk-live-0123456789`,
        url: `https://x.test/?pw=${encodeURIComponent('p@ss w0rd!')}`,
        nested: [{ note: i % 2 ? 'clean' : 'p@ss w0rd!' }],
      },
    }));
    const serialized = JSON.stringify(redactor.redact(items));
    expect(serialized).not.toContain('sk-live-0123456789');
    expect(serialized).not.toContain('p@ss w0rd!');
    expect(serialized).not.toContain(encodeURIComponent('p@ss w0rd!'));
    expect(serialized.split(REDACTED)).toHaveLength(5000 * 2 + 2500 + 1);
  });
});
