import { type Config, loadConfig } from '@klikkflow/core';
import type { CliIo } from './cli-io.js';

/** Options every long-running role takes; each overrides its `KLIKKFLOW_*` variable. */
export interface ServeOptions {
  port?: string;
  host?: string;
  dataDir?: string;
}

/** The configuration with the command line's overrides applied. */
export function configWith(io: CliIo, overrides: Record<string, string | undefined>): Config {
  const env = { ...(io.env ?? process.env) };
  for (const [variable, value] of Object.entries(overrides)) {
    if (value !== undefined) env[variable] = value;
  }
  return loadConfig(env);
}

/** The overrides of {@link ServeOptions}, with the variable the port option sets. */
export function serveOverrides(options: ServeOptions, portVariable = 'KLIKKFLOW_PORT') {
  return {
    [portVariable]: options.port,
    KLIKKFLOW_HOST: options.host,
    KLIKKFLOW_DATA_DIR: options.dataDir,
  };
}

/** Resolves when the command is asked to stop (SIGTERM or Ctrl-C). */
export function stopRequested(io: CliIo): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!io.signal) return;
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Waits for SIGTERM or Ctrl-C, then shuts the process's role down gracefully, saying so on stderr. */
export async function serveUntilStopped(
  io: CliIo,
  close: () => Promise<void>,
  draining: string,
): Promise<void> {
  await stopRequested(io);
  io.stderr.write(`shutting down: ${draining}…\n`);
  await close();
  io.stderr.write('stopped\n');
}
