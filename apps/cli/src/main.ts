import { readFileSync } from 'node:fs';
import { errorCode } from '@klikkflow/types';
import { Command, CommanderError, Option } from 'commander';
import { type CliIo, EXIT } from './cli-io.js';
import { nodesCommand } from './nodes.command.js';
import { runCommand } from './run.command.js';
import { schemaCommand } from './schema.command.js';
import { validateCommand } from './validate.command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Errors whose cause is the user's input: exit 2 rather than 1. */
function isUsageError(error: unknown): boolean {
  const code = errorCode(error);
  return code.startsWith('CLI_') || code === 'CONFIG_INVALID';
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
    .command('run')
    .description('run a workflow file in this process and print its last node output as JSON')
    .argument('<file>', 'native workflow JSON file')
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
    .argument('<file>', 'native workflow JSON file')
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

  program.addHelpText(
    'after',
    '\nExit codes: 0 success or valid, 1 execution failed, 2 invalid usage, file or --input,\n' +
      '3 the execution waits longer than the CLI does, 130 interrupted.\n',
  );
  return program;
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
