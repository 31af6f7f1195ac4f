import {
  detectWorkflowFormat,
  importN8nWorkflow,
  type N8nImportReport,
  type WorkflowFormat,
} from '@klikkflow/migrate';
import { errorCode, UserError, type Workflow } from '@klikkflow/types';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { WorkflowStore } from './workflow-store.js';
import { withId } from './workflow-views.js';

/** `?format=`: `auto` (default) detects n8n files by their content. */
export const importFormatSchema = z.enum(['auto', 'native', 'n8n']);
export type ImportFormat = z.infer<typeof importFormatSchema>;

/** A workflow ready to store, with the n8n import report when it came from n8n. */
export interface ParsedImport {
  workflow: Workflow;
  report?: N8nImportReport;
}

function importError(error: unknown, index: number, total: number): unknown {
  const code = errorCode(error);
  if ((code !== 'WORKFLOW_INVALID' && code !== 'IMPORT_N8N_INVALID') || total === 1) return error;
  const { message, details } = error as UserError;
  return new UserError(code, `workflow [${index}]: ${message}`, { details: { ...details, index } });
}

/**
 * Parses every file of an import before anything is stored, naming the file a problem is in: native files
 * are validated, n8n files converted (credentials re-bound by type and name to the stored ones).
 */
export async function parseImportFiles(
  context: AppContext,
  store: WorkflowStore,
  files: Record<string, unknown>[],
  format: ImportFormat,
): Promise<ParsedImport[]> {
  const formats = files.map(
    (file): WorkflowFormat => (format === 'auto' ? detectWorkflowFormat(file) : format),
  );
  const known = formats.includes('n8n')
    ? (await context.credentials.list()).map(({ id, name, type }) => ({ id, name, type }))
    : [];
  return files.map((file, index) => {
    try {
      if (formats[index] === 'native') return { workflow: store.parse(withId(file)) };
      const imported = importN8nWorkflow(file, { registry: context.registry, credentials: known });
      return { workflow: imported.workflow, report: imported.report };
    } catch (error) {
      throw importError(error, index, files.length);
    }
  });
}
