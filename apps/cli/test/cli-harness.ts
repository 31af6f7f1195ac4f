import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '@klikkflow/engine';
import { type CliIo, main } from '../src/index.js';

/** The folder of the CLI test fixtures. */
export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The repository root (for the examples). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A data folder of the test run's own, so tests never write under the user's home. */
export const testDataDir = mkdtempSync(join(tmpdir(), 'klikkflow-cli-'));

/** What one in-process CLI invocation produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `klikkflow ...argv` in-process with captured streams, relative paths resolved in `cwd`. */
export async function runCli(
  argv: string[],
  options: {
    cwd?: string;
    tty?: boolean;
    clock?: Clock;
    signal?: AbortSignal;
    env?: Record<string, string>;
    /** Sees stdout as it is written (a long-running command's ready line). */
    onStdout?: (text: string) => void;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        options.onStdout?.(text);
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    stderrIsTTY: options.tty ?? false,
    cwd: options.cwd ?? fixtures,
    ...(options.clock && { clock: options.clock }),
    ...(options.signal && { signal: options.signal }),
    env: { KLIKKFLOW_DATA_DIR: testDataDir, ...options.env },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
