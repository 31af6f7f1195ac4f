import type { Env } from '@klikkflow/core';
import type { Clock } from '@klikkflow/engine';

/** Something text can be written to (a process stream, or a buffer in tests). */
export interface TextSink {
  write(text: string): unknown;
}

/** The outside world of one CLI invocation: injected so `main` runs in-process in tests. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Whether stderr is a terminal (decides between a live progress line and plain lines). */
  stderrIsTTY: boolean;
  /** Directory relative paths (FILE, `--input @file`) are resolved against. */
  cwd: string;
  /** Aborts a running execution (Ctrl-C). */
  signal?: AbortSignal;
  /** Time for the engine and for sleeping through waits (default: the system clock). */
  clock?: Clock;
  /** Environment the `KLIKKFLOW_*` configuration is read from (default: the process environment). */
  env?: Env;
}

/** Exit codes, stable for scripts. */
export const EXIT = {
  /** Success, or `validate` found nothing wrong. */
  ok: 0,
  /** The execution failed. */
  executionFailed: 1,
  /** Invalid usage, unreadable or invalid workflow file, or invalid `--input`. */
  invalid: 2,
  /** The execution waits longer than the CLI is willing to sleep. */
  waitTooLong: 3,
  /** Interrupted (Ctrl-C). */
  canceled: 130,
} as const;
