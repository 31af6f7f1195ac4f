import { createDecipheriv, createHash } from 'node:crypto';
import { UserError } from '@klikkflow/types';
import { z } from 'zod';

/** One entry of `n8n export:credentials`: `data` is an object with `--decrypted`, else encrypted text. */
export const n8nCredentialExportSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  name: z.string().min(1),
  type: z.string().min(1),
  data: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
});

/** A credential ready to be stored: its decrypted data. */
export interface DecodedCredential {
  name: string;
  type: string;
  data: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a parsed file is an n8n credential export: credential objects (`name`, `type`, `data`), no nodes. */
export function isN8nCredentialExport(value: unknown): boolean {
  const entries = Array.isArray(value) ? value : [value];
  return (
    entries.length > 0 &&
    entries.every(
      (entry) => isRecord(entry) && !('nodes' in entry) && n8nCredentialExportSchema.safeParse(entry).success,
    )
  );
}

/** OpenSSL's EVP_BytesToKey with MD5 and one round: how CryptoJS turns a passphrase into a key and IV. */
function keyAndIv(passphrase: string, salt: Buffer): { key: Buffer; iv: Buffer } {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  while (Buffer.concat(blocks).length < 48) {
    previous = createHash('md5')
      .update(Buffer.concat([previous, Buffer.from(passphrase, 'utf8'), salt]))
      .digest();
    blocks.push(previous);
  }
  const material = Buffer.concat(blocks);
  return { key: material.subarray(0, 32), iv: material.subarray(32, 48) };
}

/**
 * Decrypts n8n's credential data: base64 of `"Salted__"`, an 8-byte salt and AES-256-CBC ciphertext keyed
 * from the instance's encryption key. A wrong key fails with `IMPORT_CREDENTIALS_KEY_WRONG`.
 */
export function decryptN8nCredentialData(encrypted: string, encryptionKey: string, name: string) {
  const wrongKey = () =>
    new UserError(
      'IMPORT_CREDENTIALS_KEY_WRONG',
      `cannot decrypt credential "${name}": the n8n encryption key is wrong or the data is damaged`,
    );
  const raw = Buffer.from(encrypted, 'base64');
  if (raw.length < 32 || raw.subarray(0, 8).toString('latin1') !== 'Salted__') throw wrongKey();
  const { key, iv } = keyAndIv(encryptionKey, raw.subarray(8, 16));
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    const text = Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
    const data: unknown = JSON.parse(text);
    if (!isRecord(data)) throw new Error('not an object');
    return data;
  } catch {
    throw wrongKey();
  }
}

/**
 * The credentials of an n8n credential export. Decrypted exports are read as they are; encrypted ones need
 * the source instance's `N8N_ENCRYPTION_KEY` (`IMPORT_CREDENTIALS_KEY_NEEDED` without it).
 */
export function decodeN8nCredentials(value: unknown, encryptionKey?: string): DecodedCredential[] {
  const entries = (Array.isArray(value) ? value : [value]).map((entry) =>
    n8nCredentialExportSchema.parse(entry),
  );
  return entries.map((entry) => {
    if (typeof entry.data !== 'string') return { name: entry.name, type: entry.type, data: entry.data };
    if (!encryptionKey) {
      throw new UserError(
        'IMPORT_CREDENTIALS_KEY_NEEDED',
        `credential "${entry.name}" is encrypted: give the source n8n instance's encryption key (--n8n-key)`,
      );
    }
    return {
      name: entry.name,
      type: entry.type,
      data: decryptN8nCredentialData(entry.data, encryptionKey, entry.name),
    };
  });
}
