import { errorCode } from '@klikkflow/types';
import { importN8nWorkflow, type N8nImport, type N8nImportOptions } from './import-workflow.js';

/** The outcome of importing one workflow of a document. */
export type N8nImportOutcome = { label: string } & (
  | { ok: true; result: N8nImport }
  | { ok: false; error: { code: string; message: string } }
);

/**
 * Imports every workflow of a parsed n8n document: one workflow, or an array of them (`n8n export:workflow
 * --all`). Each gets its own outcome, labelled `label` or `label[i]`; one bad workflow does not stop the rest.
 */
export function importN8nDocument(
  value: unknown,
  label: string,
  options: N8nImportOptions,
): N8nImportOutcome[] {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((entry, index) => [`${label}[${index}]`, entry])
    : [[label, value]];
  return entries.map(([entryLabel, entry]) => {
    try {
      const fallbackName = Array.isArray(value) ? undefined : options.fallbackName;
      return { label: entryLabel, ok: true, result: importN8nWorkflow(entry, { ...options, fallbackName }) };
    } catch (error) {
      return {
        label: entryLabel,
        ok: false,
        error: { code: errorCode(error), message: (error as Error).message },
      };
    }
  });
}
