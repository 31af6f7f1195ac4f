import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  detectWorkflowFormat,
  isN8nCredentialExport,
  type LenientJson,
  parseLenientJson,
  type WorkflowFormat,
} from '@klikkflow/migrate';
import { errorCode, UserError } from '@klikkflow/types';
import { readTextFile } from './workflow-file.loader.js';

/** What a file holds, once parsed. */
export type WorkflowDocument =
  | { kind: 'workflows'; file: string; format: WorkflowFormat; value: unknown; ignoredTail?: string }
  | { kind: 'n8nCredentials'; file: string; value: unknown }
  | { kind: 'unreadable'; file: string; error: { code: string; message: string } };

/** How a file's format is chosen: detected from its content, or forced. */
export type FormatChoice = WorkflowFormat | 'auto';

/** Parses `--format`: `native`, `n8n` or `auto` (default), else `CLI_FORMAT_INVALID`. */
export function formatChoice(value: string | undefined): FormatChoice {
  if (value === undefined || value === 'auto' || value === 'native' || value === 'n8n')
    return value ?? 'auto';
  throw new UserError(
    'CLI_FORMAT_INVALID',
    `--format must be native, n8n or auto, not ${JSON.stringify(value)}`,
  );
}

async function jsonFilesUnder(path: string, absolute: string): Promise<string[]> {
  const entries = await readdir(absolute, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory())
      files.push(...(await jsonFilesUnder(join(path, entry.name), join(absolute, entry.name))));
    else if (entry.isFile() && entry.name.endsWith('.json')) files.push(join(path, entry.name));
  }
  return files;
}

/**
 * The file itself, or every `*.json` file in the folder and its subfolders (hidden ones skipped), sorted by
 * path. A missing path is `CLI_PATH_NOT_FOUND`.
 */
export async function workflowFilesAt(path: string, cwd: string): Promise<string[]> {
  const absolute = resolve(cwd, path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error);
    throw new UserError('CLI_PATH_NOT_FOUND', `cannot import ${path}: ${reason}`, { cause: error });
  }
  return isDirectory ? jsonFilesUnder(path, absolute) : [path];
}

/**
 * Reads and classifies one file: native or n8n workflows (detected, or as `format` forces), an n8n
 * credential export, or unreadable with the reason. Text after the first JSON value is tolerated (shared
 * n8n files often carry a title) and noted in `ignoredTail`.
 */
export async function readWorkflowDocument(
  file: string,
  cwd: string,
  format: FormatChoice,
): Promise<WorkflowDocument> {
  let text: string;
  try {
    text = await readTextFile(file, cwd, 'workflow file');
  } catch (error) {
    return { kind: 'unreadable', file, error: { code: errorCode(error), message: (error as Error).message } };
  }
  let parsed: LenientJson;
  try {
    parsed = parseLenientJson(text);
  } catch (error) {
    const message = `workflow file ${file} is ${(error as Error).message}`;
    return { kind: 'unreadable', file, error: { code: 'CLI_FILE_NOT_JSON', message } };
  }
  const { value, ignoredTail } = parsed;
  if (format === 'auto' && isN8nCredentialExport(value)) return { kind: 'n8nCredentials', file, value };
  const detected = format === 'auto' ? detectWorkflowFormat(value) : format;
  return {
    kind: 'workflows',
    file,
    format: detected,
    value,
    ...(ignoredTail !== undefined && { ignoredTail }),
  };
}
