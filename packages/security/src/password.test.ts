import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { checkPasswordPolicy, DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.js';

// scrypt stays real; the spy only counts calls, to prove which paths do the full key derivation.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});
const scryptSpy = vi.mocked(crypto.scrypt);

const PHC = /^\$scrypt\$ln=15,r=8,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function scryptHash(password: string, salt: Buffer, logN: number, r: number, p: number, length = 64): string {
  const key = crypto.scryptSync(password, salt, length, { N: 2 ** logN, r, p, maxmem: 512 * 1024 * 1024 });
  const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${logN},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
}

describe('hashPassword', () => {
  it('produces a PHC string with the current parameters, a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse 1');
    const match = PHC.exec(stored);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(match![2]!, 'base64')).toHaveLength(64);
  });

  it('is scrypt with those parameters (an independent derivation gives the same key)', async () => {
    const stored = await hashPassword('s3cret-pass');
    const salt = Buffer.from(PHC.exec(stored)![1]!, 'base64');
    expect(scryptHash('s3cret-pass', salt, 15, 8, 1)).toBe(stored);
  });

  it('salts every hash, so equal passwords give different strings', async () => {
    const [a, b] = await Promise.all([hashPassword('same-pass1'), hashPassword('same-pass1')]);
    expect(a).not.toBe(b);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and rejects wrong ones', async () => {
    const stored = await hashPassword('Tr0ub4dor&3');
    expect(await verifyPassword('Tr0ub4dor&3', stored)).toBe(true);
    expect(await verifyPassword('Tr0ub4dor&4', stored)).toBe(false);
    expect(await verifyPassword('tr0ub4dor&3', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('pässwörd-密码-1');
    expect(await verifyPassword('pässwörd-密码-1', stored)).toBe(true);
    expect(await verifyPassword('passwort-密码-1', stored)).toBe(false);
  });

  it('reads the parameters from the stored string, so older or newer costs still verify', async () => {
    const salt = crypto.randomBytes(16);
    const cheaper = scryptHash('legacy-pass1', salt, 14, 8, 1, 32);
    expect(await verifyPassword('legacy-pass1', cheaper)).toBe(true);
    expect(await verifyPassword('legacy-pass2', cheaper)).toBe(false);
    const twoLanes = scryptHash('lanes-pass1', salt, 12, 4, 2);
    expect(await verifyPassword('lanes-pass1', twoLanes)).toBe(true);
  });

  it('detects a modified hash or salt', async () => {
    const stored = await hashPassword('tamper-me-1');
    const [, , params, salt, key] = stored.split('$');
    const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
    expect(await verifyPassword('tamper-me-1', `$scrypt$${params}$${flip(salt!)}$${key}`)).toBe(false);
    expect(await verifyPassword('tamper-me-1', `$scrypt$${params}$${salt}$${flip(key!)}`)).toBe(false);
  });

  it('returns false without deriving anything for malformed or out-of-bounds stored strings', async () => {
    const good = await hashPassword('wellformed-1');
    const [, , , salt, key] = good.split('$');
    const malformed = [
      '',
      'plaintext-password',
      good.split('$').slice(0, 4).join('$'),
      good.replace('$scrypt$', '$argon2id$'),
      good.replace('ln=15', 'ln=x'),
      good.replace('ln=15', 'ln=0'),
      good.replace('r=8', 'r=0'),
      good.replace('p=1', 'p=0'),
      `$scrypt$ln=30,r=8,p=1$${salt}$${key}`,
      `$scrypt$ln=20,r=8,p=1$${salt}$${key}`,
      `$scrypt$ln=15,r=8,p=64$${salt}$${key}`,
      `$scrypt$ln=15,r=8,p=1$${salt}$`,
      `$scrypt$ln=15,r=8,p=1$$${key}`,
      `$scrypt$ln=15,r=8,p=1$${salt}$${key}$extra`,
      `$scrypt$ln=15,r=8,p=1$${salt}$${key}!`,
      `$scrypt$ln=15,r=8,p=1$QUJD$${key}`,
      `$scrypt$ln=15,r=8,p=1$${salt}$QUJDRA`,
      undefined as unknown as string,
    ];
    scryptSpy.mockClear();
    for (const stored of malformed) {
      expect(await verifyPassword('wellformed-1', stored)).toBe(false);
    }
    expect(scryptSpy).not.toHaveBeenCalled();
  });
});

describe('DUMMY_PASSWORD_HASH', () => {
  it('has the current parameters and sizes, so verifying against it costs a full scrypt run', async () => {
    const match = PHC.exec(DUMMY_PASSWORD_HASH);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(match![2]!, 'base64')).toHaveLength(64);
    scryptSpy.mockClear();
    expect(await verifyPassword('any-password-1', DUMMY_PASSWORD_HASH)).toBe(false);
    expect(scryptSpy).toHaveBeenCalledTimes(1);
    expect(scryptSpy.mock.calls[0]![2]).toBe(64);
    expect(scryptSpy.mock.calls[0]![3]).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
  });

  it('costs exactly what a known account costs (same scrypt call shape)', async () => {
    const stored = await hashPassword('known-user-1');
    scryptSpy.mockClear();
    await verifyPassword('guess-1234', stored);
    await verifyPassword('guess-1234', DUMMY_PASSWORD_HASH);
    const [known, unknown] = scryptSpy.mock.calls;
    expect(unknown![2]).toBe(known![2]);
    expect(unknown![3]).toEqual(known![3]);
  });
});

describe('checkPasswordPolicy', () => {
  function ruleBroken(password: string): { code: string; message: string; rule: unknown } | undefined {
    try {
      checkPasswordPolicy(password);
      return undefined;
    } catch (error) {
      const e = error as { code: string; message: string; details: { rule: unknown } };
      return { code: e.code, message: e.message, rule: e.details.rule };
    }
  }

  it('accepts 8 to 256 characters with a letter and a digit', () => {
    expect(ruleBroken('abcdefg1')).toBeUndefined();
    expect(ruleBroken(`1${'a'.repeat(255)}`)).toBeUndefined();
    expect(ruleBroken('pässwört9')).toBeUndefined();
  });

  it('names the length rules', () => {
    expect(ruleBroken('abcdef1')).toEqual({
      code: 'AUTH_WEAK_PASSWORD',
      message: 'Password must be at least 8 characters long',
      rule: 'minLength',
    });
    expect(ruleBroken(`1${'a'.repeat(256)}`)).toEqual({
      code: 'AUTH_WEAK_PASSWORD',
      message: 'Password must be at most 256 characters long',
      rule: 'maxLength',
    });
    expect(ruleBroken('')?.rule).toBe('minLength');
  });

  it('counts characters, not UTF-16 code units', () => {
    // Seven emoji are fourteen code units but still too short.
    expect(ruleBroken('😀😀😀😀😀a1')?.rule).toBe('minLength');
  });

  it('names the letter and digit rules', () => {
    expect(ruleBroken('12345678')).toMatchObject({
      rule: 'letter',
      message: 'Password must contain at least one letter',
    });
    expect(ruleBroken('abcdefgh')).toMatchObject({
      rule: 'digit',
      message: 'Password must contain at least one digit',
    });
    expect(ruleBroken('!!!!!!!!')?.rule).toBe('letter');
  });

  it('never echoes the password in the message', () => {
    const password = 'onlyletters';
    expect(ruleBroken(password)?.message).not.toContain(password);
  });
});
