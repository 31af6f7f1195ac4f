import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';
import { plural } from './text-format.js';

/** `klikkflow db:migrate`: applies pending migrations and says which, or that there were none. */
export async function dbMigrateCommand(io: CliIo): Promise<number> {
  const { applied, known } = await withDatabase(io, async ({ migrations }) => migrations);
  if (applied.length === 0) {
    io.stdout.write(`database is up to date (${plural(known.length, 'migration')})\n`);
  } else {
    for (const name of applied) io.stdout.write(`applied ${name}\n`);
  }
  return EXIT.ok;
}
