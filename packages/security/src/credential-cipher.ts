import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { UnexpectedError, UserError } from '@klikkflow/types';

/** Encrypts credential data for storage and decrypts it when a node runs (guarantee G10). */
export interface CredentialCipher {
  /** Encrypts JSON-serializable credential data into a versioned envelope string. */
  encrypt(data: Record<string, unknown>): string;
  /** Decrypts an envelope; throws `CREDENTIAL_DECRYPT_FAILED` if it is malformed, altered or for another key. */
  decrypt(envelope: string): Record<string, unknown>;
}

/** The shortest master key accepted, in characters. */
export const MIN_MASTER_KEY_LENGTH = 32;

// Version 1: AES-256-GCM, 12-byte IV, 16-byte tag, key = HKDF-SHA256(master key, empty salt, INFO_V1).
// The version is also the GCM additional data, so an envelope cannot be relabelled as another version.
const VERSION_1 = 'kf1';
const INFO_V1 = 'klikkflow credentials v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

type DecryptFailure = 'malformed' | 'unsupported-version' | 'authentication-failed' | 'invalid-payload';

const FAILURE_MESSAGES: Record<DecryptFailure, string> = {
  malformed: 'Could not decrypt credential data: the stored value is not a valid envelope',
  'unsupported-version': 'Could not decrypt credential data: the envelope version is not supported',
  'authentication-failed':
    'Could not decrypt credential data: it was encrypted with a different encryption key or has been altered',
  'invalid-payload': 'Could not decrypt credential data: the decrypted value is not an object',
};

// Messages are fixed texts and carry no cause: nothing from the envelope, the key or the plaintext may
// reach logs or API responses through this error.
function decryptFailed(reason: DecryptFailure): UnexpectedError {
  return new UnexpectedError('CREDENTIAL_DECRYPT_FAILED', FAILURE_MESSAGES[reason], { details: { reason } });
}

function decodePart(part: string | undefined, bytes?: number): Buffer {
  if (part === undefined || !BASE64URL.test(part)) throw decryptFailed('malformed');
  const decoded = Buffer.from(part, 'base64url');
  // Re-encoding catches non-canonical text (stray trailing bits) that Buffer.from would silently accept.
  if (decoded.toString('base64url') !== part) throw decryptFailed('malformed');
  if (bytes !== undefined && decoded.length !== bytes) throw decryptFailed('malformed');
  return decoded;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Creates the credential cipher for a master key (at least 32 characters, else `UserError`
 * `ENCRYPTION_KEY_INVALID`). Envelopes are `kf1:<iv>:<tag>:<ciphertext>` (base64url parts); the prefix
 * names the algorithm, so a later `kf2` can be added beside it and old rows still decrypt.
 */
export function createCredentialCipher(masterKey: string): CredentialCipher {
  if (typeof masterKey !== 'string' || masterKey.length < MIN_MASTER_KEY_LENGTH) {
    throw new UserError(
      'ENCRYPTION_KEY_INVALID',
      `The encryption key must be at least ${MIN_MASTER_KEY_LENGTH} characters long`,
    );
  }
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), INFO_V1, 32));
  const aad = Buffer.from(VERSION_1, 'utf8');

  return {
    encrypt(data) {
      if (!isRecord(data)) {
        throw new UserError('CREDENTIAL_DATA_INVALID', 'Credential data must be an object');
      }
      let plaintext: string | undefined;
      try {
        plaintext = JSON.stringify(data);
      } catch {
        // Fall through: cycles and BigInt are refused below like any other non-JSON data.
      }
      if (typeof plaintext !== 'string') {
        throw new UserError('CREDENTIAL_DATA_INVALID', 'Credential data must be JSON-serializable');
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((bytes) => bytes.toString('base64url'));
      return [VERSION_1, ...parts].join(':');
    },

    decrypt(envelope) {
      if (typeof envelope !== 'string') throw decryptFailed('malformed');
      const parts = envelope.split(':');
      if (parts[0] !== VERSION_1) {
        throw decryptFailed(parts.length === 4 ? 'unsupported-version' : 'malformed');
      }
      if (parts.length !== 4) throw decryptFailed('malformed');
      const iv = decodePart(parts[1], IV_BYTES);
      const tag = decodePart(parts[2], TAG_BYTES);
      const ciphertext = decodePart(parts[3]);
      let plaintext: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad).setAuthTag(tag);
        plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw decryptFailed('authentication-failed');
      }
      let data: unknown;
      try {
        data = JSON.parse(plaintext);
      } catch {
        throw decryptFailed('invalid-payload');
      }
      if (!isRecord(data)) throw decryptFailed('invalid-payload');
      return data;
    },
  };
}
