import type { Config } from '@klikkflow/core';
import type { CredentialRepository } from '@klikkflow/database';
import { builtinCredentials } from '@klikkflow/nodes';
import { createCredentialCipher, loadOrCreateEncryptionKey } from '@klikkflow/security';
import { UserError } from '@klikkflow/types';
import { type CredentialService, createCredentialService } from './credential-service.js';

/** What to tell the user when a new encryption key file was generated. */
export function keyCreatedWarning(path: string): string {
  return `generated a new credential encryption key at ${path}: back this file up; without it stored credentials cannot be decrypted`;
}

/**
 * The credential service with the configured key: `KLIKKFLOW_ENCRYPTION_KEY`, or in embedded mode the key
 * file in the data dir (generated on first use, then `onKeyCreated(path)`). The server and the CLI both
 * open the vault here, so they always encrypt with the same key.
 */
export async function openCredentialVault(
  config: Config,
  repository: CredentialRepository,
  onKeyCreated: (path: string) => void,
): Promise<CredentialService> {
  if (config.databaseUrl && !config.encryptionKey) {
    // Several processes share a PostgreSQL database: a key generated into one data dir would not be theirs.
    throw new UserError(
      'ENCRYPTION_KEY_REQUIRED',
      'KLIKKFLOW_ENCRYPTION_KEY must be set when KLIKKFLOW_DATABASE_URL is (every process needs the same key)',
    );
  }
  const { key } = await loadOrCreateEncryptionKey({
    ...(config.encryptionKey !== undefined && { configured: config.encryptionKey }),
    dataDir: config.dataDir,
    onCreated: onKeyCreated,
  });
  return createCredentialService({
    repository,
    cipher: createCredentialCipher(key),
    types: builtinCredentials,
  });
}
