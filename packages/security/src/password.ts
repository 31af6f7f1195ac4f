import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { UserError } from '@klikkflow/types';

/** scrypt cost parameters as stored in a hash string. */
interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

const CURRENT: ScryptParams = { logN: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 64;

// Bounds for parameters read back from a stored string: a corrupt or hostile row must not make one login
// allocate gigabytes or spin for minutes. They leave room to raise memory 8-fold and work 32-fold later.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_WORK = 2 ** 23; // p * N * r; the current parameters are 2^18

const PHC_PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // OpenSSL needs 128*N*r for V plus 128*r*p for B; the default maxmem (32 MiB) is exactly 128*N*r at
  // N=2^15, r=8, so it must be raised or scrypt refuses.
  const maxmem = 128 * params.r * (N + params.p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function format(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const match = PHC_PATTERN.exec(stored);
  if (!match) return undefined;
  const [, ln, r, p, salt, key] = match;
  const params = { logN: Number(ln), r: Number(r), p: Number(p) };
  const N = 2 ** params.logN;
  if (params.logN < 1 || params.r < 1 || params.p < 1) return undefined;
  if (128 * params.r * N > MAX_MEMORY_BYTES || params.p * N * params.r > MAX_WORK) return undefined;
  const saltBytes = Buffer.from(salt!, 'base64');
  const keyBytes = Buffer.from(key!, 'base64');
  if (saltBytes.length < 8 || keyBytes.length < 16 || keyBytes.length > 128) return undefined;
  return { params, salt: saltBytes, key: keyBytes };
}

/**
 * Hashes a password with scrypt (N=2^15, r=8, p=1, 16-byte salt, 64-byte key) into a PHC-style string
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (unpadded base64). The parameters travel with the hash, so they
 * can be raised later without invalidating stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return format(CURRENT, salt, await derive(password, salt, KEY_BYTES, CURRENT));
}

/**
 * Checks a password against a string from {@link hashPassword}, with the parameters the string names,
 * comparing in constant time. A malformed or out-of-bounds stored string gives `false`, never a throw.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = typeof stored === 'string' ? parse(stored) : undefined;
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(actual, parsed.key);
}

/**
 * A well-formed hash that no password matches (random salt and key, made per process, current
 * parameters). A login for an unknown account verifies against it, so it costs the same scrypt work as
 * a known account and response timing does not reveal which accounts exist (battery S9):
 * `await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)`.
 */
export const DUMMY_PASSWORD_HASH: string = format(CURRENT, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));

/** Length bounds of an acceptable password, in characters (code points). */
export const PASSWORD_LENGTH = { min: 8, max: 256 } as const;

function weak(rule: string, message: string): UserError {
  return new UserError('AUTH_WEAK_PASSWORD', message, { details: { rule } });
}

/**
 * Throws `UserError` `AUTH_WEAK_PASSWORD` (message naming the broken rule, `details.rule`) unless the
 * password has 8 to 256 characters, at least one letter and at least one digit.
 */
export function checkPasswordPolicy(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min) {
    throw weak('minLength', `Password must be at least ${PASSWORD_LENGTH.min} characters long`);
  }
  if (length > PASSWORD_LENGTH.max) {
    throw weak('maxLength', `Password must be at most ${PASSWORD_LENGTH.max} characters long`);
  }
  if (!/\p{L}/u.test(password)) throw weak('letter', 'Password must contain at least one letter');
  if (!/\p{Nd}/u.test(password)) throw weak('digit', 'Password must contain at least one digit');
}
