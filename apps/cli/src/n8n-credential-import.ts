import type { Config } from '@klikkflow/core';
import type { Repositories } from '@klikkflow/database';
import { decodeN8nCredentials } from '@klikkflow/migrate';
import { keyCreatedWarning, openCredentialVault } from '@klikkflow/server';
import { errorCode } from '@klikkflow/types';
import type { CliIo } from './cli-io.js';

/** What importing the credential exports did. */
export interface CredentialImportTally {
  created: number;
  /** Credentials that were skipped (already there, unknown type, bad data) or files that failed. */
  skipped: number;
}

/**
 * Stores the credentials of n8n credential exports, encrypted with this instance's key. Encrypted exports
 * are decrypted with `n8nKey` (the source instance's `N8N_ENCRYPTION_KEY`). A credential whose type and name
 * already exist is kept as it is; a type KlikkFlow lacks is skipped; each is reported on stderr.
 */
export async function importN8nCredentials(
  documents: readonly { file: string; value: unknown }[],
  n8nKey: string | undefined,
  context: { config: Config; repos: Repositories; io: CliIo },
): Promise<CredentialImportTally> {
  const { io, repos } = context;
  const tally: CredentialImportTally = { created: 0, skipped: 0 };
  if (documents.length === 0) return tally;
  const vault = await openCredentialVault(context.config, repos.credentials, (path) =>
    io.stderr.write(`warning: ${keyCreatedWarning(path)}\n`),
  );
  for (const { file, value } of documents) {
    let decoded: ReturnType<typeof decodeN8nCredentials>;
    try {
      decoded = decodeN8nCredentials(value, n8nKey);
    } catch (error) {
      io.stderr.write(`error ${errorCode(error)}: ${file}: ${(error as Error).message}\n`);
      tally.skipped += 1;
      continue;
    }
    const existing = await vault.list();
    for (const credential of decoded) {
      const label = `credential "${credential.name}" (${credential.type})`;
      if (existing.some((known) => known.type === credential.type && known.name === credential.name)) {
        io.stdout.write(`kept ${label}: one with this type and name exists\n`);
        continue;
      }
      try {
        const created = await vault.create(credential);
        io.stdout.write(`imported ${label} as ${created.id}\n`);
        tally.created += 1;
      } catch (error) {
        io.stderr.write(`skipped ${label}: ${errorCode(error)}: ${(error as Error).message}\n`);
        tally.skipped += 1;
      }
    }
  }
  return tally;
}
