import { loadConfig } from '@klikkflow/core';
import type { Repositories } from '@klikkflow/database';
import { validateWorkflowFile } from '@klikkflow/engine';
import { importN8nDocument, type KnownCredential } from '@klikkflow/migrate';
import type { Workflow } from '@klikkflow/types';
import { builtinRegistry } from './builtin-registry.js';
import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';
import { reportInvalidWorkflow } from './invalid-workflow.report.js';
import { importN8nCredentials } from './n8n-credential-import.js';
import { writeN8nNotes } from './n8n-notes.js';
import { plural } from './text-format.js';
import {
  formatChoice,
  readWorkflowDocument,
  type WorkflowDocument,
  workflowFilesAt,
} from './workflow-documents.js';
import { nameFromFile } from './workflow-file.loader.js';

/** Options of `klikkflow import`. */
export interface ImportOptions {
  /** Mark every imported workflow active. */
  activate?: boolean;
  /** `native`, `n8n` or `auto` (default: detected per file). */
  format?: string;
  /** The source n8n instance's encryption key, for encrypted credential exports. */
  n8nKey?: string;
}

type WorkflowsDocument = Extract<WorkflowDocument, { kind: 'workflows' }>;

/**
 * The valid workflows of one document. n8n files are converted (credentials re-bound against `known`);
 * every problem of an invalid workflow is reported on stderr and `invalid` counts what was skipped.
 */
function workflowsOf(
  document: WorkflowsDocument,
  known: readonly KnownCredential[],
  io: CliIo,
): { workflows: Workflow[]; invalid: number } {
  const { file, value } = document;
  if (document.ignoredTail)
    io.stderr.write(`note ${file}: ignored text after the JSON: "${document.ignoredTail}"\n`);
  const workflows: Workflow[] = [];
  let invalid = 0;
  if (document.format === 'n8n') {
    const options = { registry: builtinRegistry(), credentials: known, fallbackName: nameFromFile(file) };
    for (const outcome of importN8nDocument(value, file, options)) {
      if (outcome.ok) {
        writeN8nNotes(io.stderr, outcome.label, outcome.result.report);
        workflows.push(outcome.result.workflow);
      } else {
        io.stderr.write(`error ${outcome.error.code}: ${outcome.label}: ${outcome.error.message}\n`);
        invalid += 1;
      }
    }
    return { workflows, invalid };
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((element, index) => [`${file}[${index}]`, element])
    : [[file, value]];
  for (const [label, candidate] of entries) {
    const validation = validateWorkflowFile(candidate, builtinRegistry());
    if (validation.ok) workflows.push(validation.workflow);
    else {
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
 * `klikkflow import FILE|DIR`: stores native and n8n workflow files (detected per file, or `--format`), and
 * n8n credential exports (first, so workflows bind to them by type and name). A known id becomes a new
 * version. Invalid files are reported and skipped. Exit 0 when everything was imported, 2 when something was
 * invalid or the path does not exist.
 */
export async function importCommand(path: string, options: ImportOptions, io: CliIo): Promise<number> {
  const format = formatChoice(options.format);
  const documents: WorkflowDocument[] = [];
  for (const file of await workflowFilesAt(path, io.cwd)) {
    documents.push(await readWorkflowDocument(file, io.cwd, format));
  }
  let invalid = 0;
  for (const document of documents) {
    if (document.kind !== 'unreadable') continue;
    io.stderr.write(`error ${document.error.code}: ${document.error.message}\n`);
    invalid += 1;
  }
  const credentialFiles = documents.filter((document) => document.kind === 'n8nCredentials');
  const workflowFiles = documents.filter((document) => document.kind === 'workflows');
  const outcomes = { created: 0, updated: 0 };
  let imported = 0;
  if (credentialFiles.length > 0 || workflowFiles.length > 0) {
    await withDatabase(io, async ({ repos }) => {
      const config = loadConfig(io.env ?? process.env);
      const credentials = await importN8nCredentials(credentialFiles, options.n8nKey, { config, repos, io });
      invalid += credentials.skipped;
      const known = (await repos.credentials.list()).map(({ id, name, type }) => ({ id, name, type }));
      for (const document of workflowFiles) {
        const read = workflowsOf(document, known, io);
        invalid += read.invalid;
        for (const workflow of read.workflows) {
          const outcome = await storeWorkflow(repos, workflow, options.activate === true);
          outcomes[outcome] += 1;
          imported += 1;
          io.stdout.write(`imported ${workflow.id} ${JSON.stringify(workflow.name)} (${outcome})\n`);
        }
      }
    });
  }
  const active = options.activate && imported > 0 ? ', all active' : '';
  const skipped = invalid > 0 ? `; skipped ${invalid} invalid` : '';
  io.stdout.write(
    `imported ${plural(imported, 'workflow')} ` +
      `(${outcomes.created} created, ${outcomes.updated} updated${active})${skipped}\n`,
  );
  return invalid > 0 ? EXIT.invalid : EXIT.ok;
}
