import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type NodeRegistry, validateWorkflowFile, type WorkflowValidation } from '@klikkflow/engine';
import { importN8nWorkflow, isN8nWorkflow, type N8nImportReport } from '@klikkflow/migrate';
import { UserError, type ValidationIssue } from '@klikkflow/types';

/** A workflow file's path (as the user gave it) and what validation found. */
export type LoadedWorkflowFile = WorkflowValidation & { path: string; n8nReport?: N8nImportReport };

/**
 * Reads a text file (`file` relative to `cwd`); `CLI_FILE_UNREADABLE` naming the file as the user wrote it,
 * as `what`, and the cause.
 */
export async function readTextFile(file: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new UserError('CLI_FILE_UNREADABLE', `cannot read ${what} ${file}: ${reason}`, { cause: error });
  }
}

/**
 * Reads and parses a JSON file (`file` relative to `cwd`); `CLI_FILE_UNREADABLE` or `CLI_FILE_NOT_JSON`
 * naming the file as the user wrote it, and the cause.
 */
export async function readJsonFile(file: string, cwd: string, what: string): Promise<unknown> {
  const text = await readTextFile(file, cwd, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      'CLI_FILE_NOT_JSON',
      `${what} ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** A name for a workflow saved without one: its file name without `.json`. */
export function nameFromFile(file: string): string {
  return basename(file).replace(/\.json$/i, '');
}

/**
 * Loads a workflow file and validates it with the engine's check: the file schema, then node types,
 * versions and connection ports against the registry. An n8n workflow file is converted first (its
 * `n8nReport` says what could not be carried over exactly). Unreadable files and bad JSON throw.
 */
export async function loadWorkflowFile(
  file: string,
  cwd: string,
  registry: NodeRegistry,
): Promise<LoadedWorkflowFile> {
  const raw = await readJsonFile(file, cwd, 'workflow file');
  if (!isN8nWorkflow(raw)) return { ...validateWorkflowFile(raw, registry), path: file };
  try {
    const { workflow, report } = importN8nWorkflow(raw, { registry, fallbackName: nameFromFile(file) });
    return { ok: true, workflow, n8nReport: report, path: file };
  } catch (error) {
    const issues = (error as UserError).details?.issues as ValidationIssue[] | undefined;
    if (!issues) throw error;
    return { ok: false, issues, path: file };
  }
}
