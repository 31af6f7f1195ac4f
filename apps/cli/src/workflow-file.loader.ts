import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type NodeRegistry, validateWorkflowFile, type WorkflowValidation } from '@klikkflow/engine';
import { UserError } from '@klikkflow/types';

/** A workflow file's path (as the user gave it) and what validation found. */
export type LoadedWorkflowFile = WorkflowValidation & { path: string };

/**
 * Reads and parses a JSON file (`file` relative to `cwd`); `CLI_FILE_UNREADABLE` or `CLI_FILE_NOT_JSON`
 * naming the file as the user wrote it, and the cause.
 */
export async function readJsonFile(file: string, cwd: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new UserError('CLI_FILE_UNREADABLE', `cannot read ${what} ${file}: ${reason}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      'CLI_FILE_NOT_JSON',
      `${what} ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * Loads a native workflow file and validates it with the engine's check: the file schema, then node types,
 * versions and connection ports against the registry. Unreadable files and bad JSON throw.
 */
export async function loadWorkflowFile(
  file: string,
  cwd: string,
  registry: NodeRegistry,
): Promise<LoadedWorkflowFile> {
  const raw = await readJsonFile(file, cwd, 'workflow file');
  return { ...validateWorkflowFile(raw, registry), path: file };
}
