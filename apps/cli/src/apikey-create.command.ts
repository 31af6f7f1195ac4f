import { generateApiKey } from '@klikkflow/security';
import { UserError } from '@klikkflow/types';
import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';

/** Options of `klikkflow apikey:create`. */
export interface ApiKeyCreateOptions {
  /** The user the key acts as. */
  email: string;
  /** Shown in key lists; default `cli`. */
  label?: string;
}

/**
 * `klikkflow apikey:create --email E`: creates an API key for the user and prints only the key on stdout,
 * so `KEY=$(klikkflow apikey:create --email …)` captures it. The database keeps only its hash.
 */
export async function apiKeyCreateCommand(options: ApiKeyCreateOptions, io: CliIo): Promise<number> {
  const label = options.label ?? 'cli';
  const { key, prefix } = await withDatabase(io, async ({ repos }) => {
    const user = await repos.users.findByEmail(options.email);
    if (!user) {
      throw new UserError('USER_NOT_FOUND', `no user has the email ${JSON.stringify(options.email)}`);
    }
    const generated = generateApiKey();
    await repos.apiKeys.create({
      userId: user.id,
      label,
      keyHash: generated.keyHash,
      prefix: generated.prefix,
    });
    return generated;
  });
  io.stdout.write(`${key}\n`);
  io.stderr.write(
    `created API key ${JSON.stringify(label)} (${prefix}…) for ${options.email}; ` +
      'it is shown only this once, so store it now\n',
  );
  return EXIT.ok;
}
