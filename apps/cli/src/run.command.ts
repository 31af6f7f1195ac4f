import { loadConfig } from '@klikkflow/core';
import { type Clock, createEngine, type ExecutionResult, realClock } from '@klikkflow/engine';
import { createProcessSandbox } from '@klikkflow/sandbox';
import { createIoPorts } from '@klikkflow/server';
import type { Item } from '@klikkflow/types';
import { builtinRegistry } from './builtin-registry.js';
import { type CliIo, EXIT } from './cli-io.js';
import { parseInputOption } from './input.parser.js';
import { reportInvalidWorkflow } from './invalid-workflow.report.js';
import { writeN8nNotes } from './n8n-notes.js';
import { createProgressReporter, type ProgressReporter } from './progress.reporter.js';
import { loadWorkflowFile } from './workflow-file.loader.js';

/** Options of `klikkflow run`. */
export interface RunOptions {
  /** Inline JSON or `@file.json`: an object is one trigger item, an array one item per element. */
  input?: string;
}

/** The longest wait the CLI sleeps through before resuming; longer waits need a server. */
export const MAX_CLI_WAIT_MS = 5 * 60_000;

/**
 * `klikkflow run FILE`: validates and runs a workflow in this process, shows node progress on stderr and
 * prints the JSON of the last node's output 0 items on stdout. Exit codes: see {@link EXIT}.
 */
export async function runCommand(file: string, options: RunOptions, io: CliIo): Promise<number> {
  const registry = builtinRegistry();
  const loaded = await loadWorkflowFile(file, io.cwd, registry);
  if (!loaded.ok) {
    reportInvalidWorkflow(io.stderr, loaded.path, loaded.issues);
    return EXIT.invalid;
  }
  if (loaded.n8nReport) writeN8nNotes(io.stderr, loaded.path, loaded.n8nReport);
  const triggerItems =
    options.input === undefined ? undefined : await parseInputOption(options.input, io.cwd);

  const config = loadConfig(io.env ?? process.env);
  const { ports, blobs } = await createIoPorts(config);
  const clock = io.clock ?? realClock;
  const reporter = createProgressReporter(io.stderr, io.stderrIsTTY);
  // User code runs in a child process: a runaway allocation kills that process, never this one.
  const sandbox = createProcessSandbox();
  const engine = createEngine({ registry, ports: { ...ports, sandbox, clock, events: reporter.onEvent } });
  let executionId: string | undefined;
  const signalOption = io.signal ? { signal: io.signal } : {};
  try {
    const first = await engine.run({
      workflow: loaded.workflow,
      mode: 'cli',
      ...(triggerItems && { triggerItems }),
      ...signalOption,
    });
    executionId = first.executionId;
    const result = await sleepThroughShortWaits(first, io, clock, reporter, (state) =>
      engine.resume(loaded.workflow, state, signalOption),
    );
    reporter.finish(result.runData);
    return reportOutcome(result, io);
  } catch (error) {
    reporter.finish({});
    throw error;
  } finally {
    await sandbox.dispose();
    // A CLI run keeps nothing: its binary data goes with it.
    if (executionId !== undefined) await blobs.deleteExecution(executionId);
  }
}

/** Sleeps until a waiting execution's resume time and resumes it, as long as the wait is short. */
async function sleepThroughShortWaits(
  first: ExecutionResult,
  io: CliIo,
  clock: Clock,
  reporter: ProgressReporter,
  resume: (state: ExecutionResult['state']) => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  let result = first;
  while (result.status === 'waiting' && result.waitTill !== undefined) {
    const delay = result.waitTill - clock.now();
    if (delay > MAX_CLI_WAIT_MS) return result;
    reporter.note(`… waiting until ${new Date(result.waitTill).toISOString()}`);
    try {
      await clock.sleep(Math.max(0, delay), io.signal);
    } catch {
      return result; // interrupted while sleeping: reported as canceled below
    }
    result = await resume(result.state);
  }
  return result;
}

function outputJson(output: Item[][] | null): unknown[] {
  return (output?.[0] ?? []).map((item) => item.json);
}

function reportOutcome(result: ExecutionResult, io: CliIo): number {
  switch (result.status) {
    case 'success':
      io.stdout.write(`${JSON.stringify(outputJson(result.output), null, 2)}\n`);
      return EXIT.ok;
    case 'waiting': {
      if (io.signal?.aborted) break;
      const until =
        result.waitTill === undefined ? 'an external event' : new Date(result.waitTill).toISOString();
      io.stderr.write(
        `execution ${result.executionId} is waiting until ${until}, longer than the CLI waits ` +
          `(${MAX_CLI_WAIT_MS / 60_000} minutes); run it on a server instead\n`,
      );
      return EXIT.waitTooLong;
    }
    case 'error': {
      const error = result.error;
      const where = error?.nodeName === undefined ? '' : ` in node "${error.nodeName}"`;
      io.stderr.write(
        `error ${error?.code ?? 'UNEXPECTED_ERROR'}${where}: ${error?.message ?? 'the execution failed'}\n`,
      );
      return EXIT.executionFailed;
    }
    default:
      break;
  }
  io.stderr.write(`execution ${result.executionId} was canceled\n`);
  return EXIT.canceled;
}
