import { createServer, type ServerRole } from '@klikkflow/server';
import { type CliIo, EXIT } from './cli-io.js';
import { configWith, type ServeOptions, serveOverrides, serveUntilStopped } from './serve.js';

/** Options of `klikkflow start`. */
export interface StartOptions extends ServeOptions {
  mode?: string;
}

/**
 * Runs a server role until SIGTERM or Ctrl-C, then shuts it down gracefully: new requests are refused,
 * accepted executions finish or stay stored to resume.
 */
async function serve(role: ServerRole, options: ServeOptions, io: CliIo): Promise<number> {
  const config = configWith(io, serveOverrides(options));
  if (role === 'webhook' && !config.redisUrl) {
    io.stderr.write(
      'error CLI_SCALE_MODE_REQUIRED: `klikkflow webhook` runs in scale mode only: set KLIKKFLOW_REDIS_URL and KLIKKFLOW_DATABASE_URL\n',
    );
    return EXIT.invalid;
  }
  const server = await createServer({ config, role });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  io.stdout.write(`KlikkFlow ${role === 'webhook' ? 'webhook process ' : ''}is ready at ${url}\n`);
  if (role === 'main') {
    io.stdout.write(`API docs: ${url}/api/v1/docs\n`);
    if (!(await server.context.auth.ownerExists())) {
      io.stdout.write(
        `No owner account yet: create it with POST ${url}/api/v1/owner/setup, or set KLIKKFLOW_OWNER_EMAIL and KLIKKFLOW_OWNER_PASSWORD\n`,
      );
    }
  }
  await serveUntilStopped(io, () => server.close(), 'finishing accepted executions');
  return EXIT.ok;
}

/**
 * `klikkflow start [--mode main]`: the server (embedded SQLite by default, PostgreSQL with
 * KLIKKFLOW_DATABASE_URL, the main role of scale mode with KLIKKFLOW_REDIS_URL too).
 */
export async function startCommand(options: StartOptions, io: CliIo): Promise<number> {
  if (options.mode !== undefined && options.mode !== 'main') {
    io.stderr.write(
      `error CLI_MODE_INVALID: --mode must be "main" (got "${options.mode}"); workers and webhook processes have their own commands: klikkflow worker, klikkflow webhook\n`,
    );
    return EXIT.invalid;
  }
  return serve('main', options, io);
}

/** `klikkflow webhook`: a scale-mode process that only takes webhooks (scale it behind a load balancer). */
export function webhookCommand(options: ServeOptions, io: CliIo): Promise<number> {
  return serve('webhook', options, io);
}
