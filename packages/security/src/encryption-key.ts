import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError, UserError } from '@klikkflow/types';

/** Name of the generated key file inside the data directory. */
export const ENCRYPTION_KEY_FILE = 'encryption.key';

/** Where the loaded key came from. */
export type EncryptionKeySource = 'env' | 'file' | 'created';

/** Options of {@link loadOrCreateEncryptionKey}. */
export interface LoadEncryptionKeyOptions {
  /** The configured key (`KLIKKFLOW_ENCRYPTION_KEY`); wins when set and not blank. */
  configured?: string | undefined;
  /** The data directory holding `encryption.key`; created when missing. */
  dataDir: string;
  /** Called with the file path after a new key file was written, so the caller can warn to back it up. */
  onCreated?: (path: string) => void;
}

// A process that lost the creation race may open the file between the winner's create and write;
// it waits this long for the content before calling the file broken.
const EMPTY_FILE_RETRIES = 50;
const EMPTY_FILE_WAIT_MS = 20;

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

async function readKeyFile(path: string): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
    const key = text.trim();
    if (key !== '') return key;
    if (attempt >= EMPTY_FILE_RETRIES) {
      // Empty means no key was ever written, so nothing can have been encrypted with it.
      throw new UserError(
        'ENCRYPTION_KEY_INVALID',
        `The encryption key file ${path} is empty; delete it to have a new key generated`,
        { details: { path } },
      );
    }
    await sleep(EMPTY_FILE_WAIT_MS);
  }
}

/** Writes a fresh key with mode 0600; false when another process created the file first. */
async function createKeyFile(path: string, key: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // 'wx' fails if the file exists, so concurrent starters never overwrite each other's key.
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    await handle.writeFile(`${key}\n`, 'utf8');
    await handle.sync();
  } catch (error) {
    // A half-written key must not be picked up by the next start; the file is ours, made with 'wx'.
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

/**
 * Finds the master key for credential encryption: the configured value if set; else the trimmed
 * content of `<dataDir>/encryption.key`; else a new key (48 random bytes, base64url) written there
 * with mode 0600, after which `onCreated(path)` runs. When several processes start at once, exactly one
 * creates the file and the others read its key.
 */
export async function loadOrCreateEncryptionKey(
  options: LoadEncryptionKeyOptions,
): Promise<{ key: string; source: EncryptionKeySource }> {
  const configured = options.configured?.trim();
  if (configured) return { key: configured, source: 'env' };

  const path = join(options.dataDir, ENCRYPTION_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return { key: existing, source: 'file' };

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(48).toString('base64url');
  if (await createKeyFile(path, key)) {
    options.onCreated?.(path);
    return { key, source: 'created' };
  }
  const winner = await readKeyFile(path);
  if (winner === undefined) {
    // Created and deleted again between our two calls: not worth guessing, let the caller retry.
    throw new OperationalError(
      'ENCRYPTION_KEY_UNAVAILABLE',
      `The encryption key file ${path} disappeared while loading`,
      { details: { path } },
    );
  }
  return { key: winner, source: 'file' };
}
