import { readFileSync } from 'node:fs';
import { errorCode } from '@klikkflow/types';
import { Command, CommanderError, Option } from 'commander';
import { apiKeyCreateCommand } from './apikey-create.command.js';
import { type CliIo, EXIT } from './cli-io.js';
import { dbMigrateCommand } from './db-migrate.command.js';
import { executionListCommand } from './execution-list.command.js';
import { executionShowCommand } from './execution-show.command.js';
import { type ExportOptions, exportCommand } from './export.command.js';
import { type ImportOptions, importCommand } from './import.command.js';
import { type ImportReportOptions, importReportCommand } from './import-report.command.js';
import { nodesCommand } from './nodes.command.js';
import { runCommand } from './run.command.js';
import { schemaCommand } from './schema.command.js';
import type { ServeOptions } from './serve.js';
import { type StartOptions, startCommand, webhookCommand } from './start.command.js';
import { validateCommand } from './validate.command.js';
import { type WorkerOptions, workerCommand } from './worker.command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Codes (besides `CLI_…`) that mean the user's input is wrong: a bad setting, or an id or email nothing has. */
const USAGE_ERROR_CODES = new Set([
  'CONFIG_INVALID',
  'WORKFLOW_NOT_FOUND',
  'EXECUTION_NOT_FOUND',
  'USER_NOT_FOUND',
]);

/** Errors whose cause is the user's input: exit 2 rather than 1. */
function isUsageError(error: unknown): boolean {
  const code = errorCode(error);
  return code.startsWith('CLI_') || USAGE_ERROR_CODES.has(code);
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('klikkflow')
    .description('KlikkFlow workflow automation')
    .version(version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  program
    .command('start')
    .description('run the KlikkFlow server until SIGTERM or Ctrl-C (then it drains gracefully)')
    .option('--port <port>', 'HTTP port (KLIKKFLOW_PORT, default 5678)')
    .option('--host <host>', 'interface to listen on (KLIKKFLOW_HOST, default 127.0.0.1)')
    .option(
      '--data-dir <dir>',
      'where SQLite, keys and files live (KLIKKFLOW_DATA_DIR, default ~/.klikkflow)',
    )
    .option('--mode <mode>', 'process role: main (API, editor, schedules; the default)')
    .action(async (options: StartOptions) => setExitCode(await startCommand(options, io)));

  program
    .command('webhook')
    .description('scale mode: a process that only takes webhooks, to run several behind a load balancer')
    .option('--port <port>', 'HTTP port (KLIKKFLOW_PORT, default 5678)')
    .option('--host <host>', 'interface to listen on (KLIKKFLOW_HOST, default 127.0.0.1)')
    .action(async (options: ServeOptions) => setExitCode(await webhookCommand(options, io)));

  program
    .command('worker')
    .description('scale mode: claim executions from the queue and run them until SIGTERM (then drain)')
    .option('--concurrency <n>', 'executions run at once (KLIKKFLOW_CONCURRENCY, default 20)')
    .option('--port <port>', 'health and metrics port (KLIKKFLOW_WORKER_PORT, default 5679)')
    .option('--host <host>', 'interface to listen on (KLIKKFLOW_HOST, default 127.0.0.1)')
    .action(async (options: WorkerOptions) => setExitCode(await workerCommand(options, io)));

  program
    .command('run')
    .description('run a workflow file in this process and print its last node output as JSON')
    .argument('<file>', 'workflow JSON file, native or n8n')
    .addOption(
      new Option(
        '--input <json>',
        'trigger items: a JSON object (one item), an array of objects, or @file.json',
      ),
    )
    .action(async (file: string, options: { input?: string }) =>
      setExitCode(await runCommand(file, options, io)),
    );

  program
    .command('validate')
    .description('check a workflow file against the schema and the installed nodes')
    .argument('<file>', 'workflow JSON file, native or n8n')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) =>
      setExitCode(await validateCommand(file, options, io)),
    );

  program
    .command('nodes')
    .description('list the installed node types')
    .option('--json', 'print the list as JSON')
    .action((options: { json?: boolean }) => setExitCode(nodesCommand(options, io)));

  program
    .command('schema')
    .description('print the JSON Schema of the workflow file format')
    .action(() => setExitCode(schemaCommand(io)));

  addDatabaseCommands(program, io, setExitCode);

  program.addHelpText(
    'after',
    '\nCommands that use the database open KLIKKFLOW_DATABASE_URL (PostgreSQL) or else\n' +
      '<KLIKKFLOW_DATA_DIR>/klikkflow.db (SQLite, safe to use while a server runs on it).\n' +
      '\nExit codes: 0 success or valid, 1 execution failed, 2 invalid usage, file, --input or unknown id,\n' +
      '3 the execution waits longer than the CLI does, 130 interrupted.\n',
  );
  return program;
}

/** The commands that read or change the configured database. */
function addDatabaseCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('db:migrate')
    .description('apply pending database migrations')
    .action(async () => setExitCode(await dbMigrateCommand(io)));

  program
    .command('import')
    .description('store workflow files in the database (a known id becomes a new version)')
    .argument(
      '<path>',
      'a workflow JSON file (one workflow or an array), or a folder: its *.json files, subfolders included',
    )
    .option('--activate', 'mark the imported workflows active')
    .option('--format <format>', 'native, n8n or auto (default: auto, detected per file)')
    .option('--n8n-key <key>', "the source n8n instance's encryption key, for encrypted credential exports")
    .option('--report', 'do not store anything: print how well the n8n files import and run')
    .option('--json', 'with --report: print the report as one JSON object')
    .addHelpText(
      'after',
      '\nn8n workflow files (exports, templates, copy-pastes) are converted: node types KlikkFlow lacks\n' +
        'become placeholders, credentials are bound by type and name. n8n credential exports\n' +
        '(n8n export:credentials, decrypted or encrypted with --n8n-key) are stored first.\n' +
        'Invalid files are reported with every problem and skipped; the others are still imported\n' +
        '(exit 2 when any was invalid). Webhooks and schedules of active workflows are registered\n' +
        'when the server starts and loads them: restart a running server to pick up changes.\n',
    )
    .action(async (path: string, options: ImportOptions & ImportReportOptions & { report?: boolean }) =>
      setExitCode(
        options.report
          ? await importReportCommand(path, options, io)
          : await importCommand(path, options, io),
      ),
    );

  program
    .command('export')
    .description('print stored workflows as JSON, or write one file per workflow')
    .option('--id <id>', 'only this workflow (printed as one object instead of an array)')
    .option('--out <dir>', 'write <dir>/<id>.json per workflow (creates the folder)')
    .option('--format <format>', 'native (default) or n8n: files n8n can import')
    .action(async (options: ExportOptions) => setExitCode(await exportCommand(options, io)));

  program
    .command('apikey:create')
    .description('create an API key for a user and print it (only the key, on stdout)')
    .requiredOption('--email <email>', 'the user the key acts as')
    .option('--label <label>', 'a name to recognise the key by (default: cli)')
    .addHelpText('after', '\nThe key is shown once; the database keeps only its hash.\n')
    .action(async (options: { email: string; label?: string }) =>
      setExitCode(await apiKeyCreateCommand(options, io)),
    );

  program
    .command('execution:list')
    .description('list executions, newest first')
    .option(
      '--status <statuses>',
      'only these statuses (comma list: new, running, waiting, success, error, canceled)',
    )
    .option('--workflow <id>', 'only executions of this workflow')
    .option('--limit <n>', 'how many, 1 to 500 (default: 20)')
    .option('--json', 'print an array of { id, workflowId, status, mode, startedAt, finishedAt }')
    .action(async (options: { status?: string; workflow?: string; limit?: string; json?: boolean }) =>
      setExitCode(await executionListCommand(options, io)),
    );

  program
    .command('execution:show')
    .description('show one execution: status, error and what each node did')
    .argument('<id>', 'execution id')
    .option('--json', 'print { id, workflowId, status, mode, startedAt, finishedAt, error?, runData }')
    .action(async (id: string, options: { json?: boolean }) =>
      setExitCode(await executionShowCommand(id, options, io)),
    );
}

/**
 * Runs the `klikkflow` command line (`argv` without the node and script paths) and resolves to the exit code.
 * Nothing here exits the process or touches global streams, so tests call it in-process.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end in a "CommanderError" too; only real usage mistakes are failures.
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error ${errorCode(error)}: ${message}\n`);
    return isUsageError(error) ? EXIT.invalid : EXIT.executionFailed;
  }
}
