import { loadConfig } from '@klikkflow/core';
import { createServer } from '@klikkflow/server';
import { type CliIo, EXIT } from './cli-io.js';

/** Options of `klikkflow start`; each overrides its `KLIKKFLOW_*` variable. */
export interface StartOptions {
  port?: string;
  host?: string;
  dataDir?: string;
  mode?: string;
}

/**
 * `klikkflow start`: runs the server (embedded SQLite by default, PostgreSQL with KLIKKFLOW_DATABASE_URL)
 * until SIGTERM or Ctrl-C, then shuts down gracefully: new requests are refused, accepted executions
 * finish or stay stored to resume on the next start.
 */
export async function startCommand(options: StartOptions, io: CliIo): Promise<number> {
  if (options.mode !== undefined && options.mode !== 'main') {
    io.stderr.write(`error CLI_MODE_INVALID: --mode must be "main" (got "${options.mode}")\n`);
    return EXIT.invalid;
  }
  const env = { ...(io.env ?? process.env) };
  if (options.port !== undefined) env.KLIKKFLOW_PORT = options.port;
  if (options.host !== undefined) env.KLIKKFLOW_HOST = options.host;
  if (options.dataDir !== undefined) env.KLIKKFLOW_DATA_DIR = options.dataDir;
  const config = loadConfig(env);
  const server = await createServer({ config });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  const ownerNeeded = !(await server.context.auth.ownerExists());
  io.stdout.write(`KlikkFlow is ready at ${url}\n`);
  io.stdout.write(`API docs: ${url}/api/v1/docs\n`);
  if (ownerNeeded) {
    io.stdout.write(
      `No owner account yet: create it with POST ${url}/api/v1/owner/setup, or set KLIKKFLOW_OWNER_EMAIL and KLIKKFLOW_OWNER_PASSWORD\n`,
    );
  }
  await new Promise<void>((resolve) => {
    if (!io.signal || io.signal.aborted) {
      if (io.signal?.aborted) resolve();
      return;
    }
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('shutting down: finishing accepted executions…\n');
  await server.close();
  io.stderr.write('stopped\n');
  return EXIT.ok;
}
