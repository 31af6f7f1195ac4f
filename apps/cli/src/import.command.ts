import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Repositories } from '@klikkflow/database';
import { validateWorkflowFile } from '@klikkflow/engine';
import { errorCode, UserError, type Workflow } from '@klikkflow/types';
import { builtinRegistry } from './builtin-registry.js';
import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';
import { reportInvalidWorkflow } from './invalid-workflow.report.js';
import { plural } from './text-format.js';
import { readJsonFile } from './workflow-file.loader.js';

/** Options of `klikkflow import`. */
export interface ImportOptions {
  /** Mark every imported workflow active. */
  activate?: boolean;
}

/** The file itself, or every `*.json` file directly in the directory, sorted by name. */
async function workflowFilesAt(path: string, cwd: string): Promise<string[]> {
  const absolute = resolve(cwd, path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error);
    throw new UserError('CLI_PATH_NOT_FOUND', `cannot import ${path}: ${reason}`, { cause: error });
  }
  if (!isDirectory) return [path];
  const entries = await readdir(absolute, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(path, name));
}

/**
 * The valid workflows of one file (one workflow, or an array of them). Every problem of an invalid one,
 * and an unreadable or non-JSON file, is reported on stderr; `invalid` counts what was skipped.
 */
async function readWorkflows(file: string, io: CliIo): Promise<{ workflows: Workflow[]; invalid: number }> {
  let raw: unknown;
  try {
    raw = await readJsonFile(file, io.cwd, 'workflow file');
  } catch (error) {
    if (!errorCode(error).startsWith('CLI_FILE_')) throw error;
    io.stderr.write(`error ${errorCode(error)}: ${(error as Error).message}\n`);
    return { workflows: [], invalid: 1 };
  }
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((element, index) => [`${file}[${index}]`, element])
    : [[file, raw]];
  const workflows: Workflow[] = [];
  let invalid = 0;
  for (const [label, candidate] of entries) {
    const validation = validateWorkflowFile(candidate, builtinRegistry());
    if (validation.ok) {
      workflows.push(validation.workflow);
    } else {
      reportInvalidWorkflow(io.stderr, label, validation.issues);
      invalid += 1;
    }
  }
  return { workflows, invalid };
}

/** Creates the workflow, or stores it as the next version of the one with its id; activates it if asked. */
async function storeWorkflow(
  repos: Repositories,
  workflow: Workflow,
  activate: boolean,
): Promise<'created' | 'updated'> {
  const existing = await repos.workflows.get(workflow.id);
  if (!existing) {
    await repos.workflows.create(workflow, { active: activate });
    return 'created';
  }
  await repos.workflows.update(workflow.id, workflow);
  if (activate && !existing.active) await repos.workflows.setActive(workflow.id, true);
  return 'updated';
}

/**
 * `klikkflow import FILE|DIR`: validates native workflow files and stores the valid ones (a known id
 * becomes a new version). Invalid ones are reported and skipped. Exit 0 when everything was imported,
 * 2 when something was invalid or the path does not exist.
 */
export async function importCommand(path: string, options: ImportOptions, io: CliIo): Promise<number> {
  const workflows: Workflow[] = [];
  let invalid = 0;
  for (const file of await workflowFilesAt(path, io.cwd)) {
    const read = await readWorkflows(file, io);
    workflows.push(...read.workflows);
    invalid += read.invalid;
  }
  const outcomes = { created: 0, updated: 0 };
  if (workflows.length > 0) {
    await withDatabase(io, async ({ repos }) => {
      for (const workflow of workflows) {
        const outcome = await storeWorkflow(repos, workflow, options.activate === true);
        outcomes[outcome] += 1;
        io.stdout.write(`imported ${workflow.id} ${JSON.stringify(workflow.name)} (${outcome})\n`);
      }
    });
  }
  const active = options.activate && workflows.length > 0 ? ', all active' : '';
  const skipped = invalid > 0 ? `; skipped ${invalid} invalid` : '';
  io.stdout.write(
    `imported ${plural(workflows.length, 'workflow')} ` +
      `(${outcomes.created} created, ${outcomes.updated} updated${active})${skipped}\n`,
  );
  return invalid > 0 ? EXIT.invalid : EXIT.ok;
}
