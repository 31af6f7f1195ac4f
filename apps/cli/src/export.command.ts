import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Repositories } from '@klikkflow/database';
import { exportN8nWorkflow } from '@klikkflow/migrate';
import { UserError, type Workflow } from '@klikkflow/types';
import { type CliIo, EXIT } from './cli-io.js';
import { withDatabase } from './database.js';

/** Options of `klikkflow export`. */
export interface ExportOptions {
  /** Only this workflow. */
  id?: string;
  /** Write `<out>/<id>.json` per workflow instead of printing. */
  out?: string;
  /** `native` (default) or `n8n`: an n8n workflow file n8n can import. */
  format?: string;
}

type ExportFormat = 'native' | 'n8n';

/** Parses `--format` (default native), else `CLI_FORMAT_INVALID`. */
function exportFormat(value: string | undefined): ExportFormat {
  if (value === undefined || value === 'native' || value === 'n8n') return value ?? 'native';
  throw new UserError('CLI_FORMAT_INVALID', `--format must be native or n8n, not ${JSON.stringify(value)}`);
}

const PAGE_SIZE = 500;

/** Every stored workflow's definition, sorted by id so repeated exports diff cleanly. */
async function allWorkflows(repos: Repositories): Promise<Workflow[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await repos.workflows.list({ limit: PAGE_SIZE, ...(cursor !== undefined && { cursor }) });
    ids.push(...page.items.map((summary) => summary.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  const workflows: Workflow[] = [];
  for (const id of ids.sort()) {
    // A workflow deleted since it was listed is simply not exported.
    const record = await repos.workflows.get(id);
    if (record) workflows.push(record.definition);
  }
  return workflows;
}

async function selectedWorkflows(repos: Repositories, id: string | undefined): Promise<Workflow[]> {
  if (id === undefined) return allWorkflows(repos);
  const record = await repos.workflows.get(id);
  if (!record) throw new UserError('WORKFLOW_NOT_FOUND', `no workflow has the id ${JSON.stringify(id)}`);
  return [record.definition];
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The file name of a workflow: its id, percent-encoded where it has characters a path must not hold
 * (`/`, `\`), so no id can write outside the output folder.
 */
function exportFileName(id: string): string {
  return `${encodeURIComponent(id)}.json`;
}

/**
 * `klikkflow export`: prints stored workflows as native (or, with `--format n8n`, n8n) workflow JSON (one
 * object with `--id`, else an array), or writes one file per workflow into `--out`. Unknown `--id`: `WORKFLOW_NOT_FOUND`, exit 2.
 */
export async function exportCommand(options: ExportOptions, io: CliIo): Promise<number> {
  const format = exportFormat(options.format);
  const workflows = await withDatabase(io, ({ repos }) => selectedWorkflows(repos, options.id));
  const fileOf = (workflow: Workflow) => (format === 'n8n' ? exportN8nWorkflow(workflow) : workflow);
  if (options.out === undefined) {
    const files = workflows.map(fileOf);
    io.stdout.write(toJson(options.id === undefined ? files : files[0]));
    return EXIT.ok;
  }
  const folder = resolve(io.cwd, options.out);
  await mkdir(folder, { recursive: true });
  for (const workflow of workflows) {
    const file = join(options.out, exportFileName(workflow.id));
    await writeFile(resolve(io.cwd, file), toJson(fileOf(workflow)));
    io.stdout.write(`exported ${workflow.id} ${JSON.stringify(workflow.name)} to ${file}\n`);
  }
  return EXIT.ok;
}
