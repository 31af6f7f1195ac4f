import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@klikkflow/core';
import type { Workflow } from '@klikkflow/types';
import type { CliIo } from '../src/cli-io.js';
import { type OpenedDatabase, openConfiguredDatabase } from '../src/database.js';
import { type CliRun, fixtures } from './cli-harness.js';

/** A new, empty data folder: each test gets its own SQLite database. */
export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'klikkflow-cli-db-'));
}

/** The environment that points the CLI at `dataDir`. */
export function dataDirEnv(dataDir: string): Record<string, string> {
  return { KLIKKFLOW_DATA_DIR: dataDir };
}

/** Opens the database the CLI uses for `dataDir`, the way a server beside it would; the caller closes it. */
export function openDataDirDatabase(dataDir: string): Promise<OpenedDatabase> {
  return openConfiguredDatabase(loadConfig(dataDirEnv(dataDir)));
}

/** The echo fixture under another id and name. */
export function echoWorkflow(id: string, name: string): Workflow {
  const echo = JSON.parse(readFileSync(join(fixtures, 'echo.workflow.json'), 'utf8')) as Workflow;
  return { ...echo, id, name };
}

/**
 * Calls a command function directly (not through `main`) with captured streams, the environment `env` and
 * the database opener `open`: how tests reach a database the environment alone cannot name.
 */
export async function runCommand(
  command: (io: CliIo) => Promise<number>,
  env: Record<string, string>,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stderrIsTTY: false,
    cwd: fixtures,
    env,
  };
  const code = await command(io);
  return { code, stdout, stderr };
}
