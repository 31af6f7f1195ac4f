import { type CompatibilityReport, createCompatibilityReport, importN8nDocument } from '@klikkflow/migrate';
import { builtinRegistry } from './builtin-registry.js';
import { type CliIo, EXIT } from './cli-io.js';
import { formatTable } from './text-format.js';
import { readWorkflowDocument, workflowFilesAt } from './workflow-documents.js';
import { nameFromFile } from './workflow-file.loader.js';

/** Options of `klikkflow import --report`. */
export interface ImportReportOptions {
  /** Print the report as one JSON object. */
  json?: boolean;
}

function share(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

function table(counts: Record<string, number>): string {
  const rows = Object.entries(counts).map(([key, count]) => ['', key, String(count)]);
  return rows.length === 0 ? '  (none)\n' : formatTable(rows);
}

function formatReport(path: string, report: CompatibilityReport): string {
  return (
    `n8n compatibility of ${path}\n` +
    `  files                      ${report.files}\n` +
    `  workflows                  ${report.workflows}\n` +
    `  imported                   ${report.imported} (${share(report.imported, report.workflows)})\n` +
    `  failed                     ${report.failed}\n` +
    `  every node type supported  ${report.allNodesSupported} ` +
    `(${share(report.allNodesSupported, report.workflows)}): these run as they are\n` +
    `\nUnsupported node types (nodes imported as placeholders):\n${table(report.unsupportedNodeTypes)}` +
    `\nUnsupported expression features (uses):\n${table(report.unsupportedExpressionFeatures)}` +
    (report.failures.length === 0
      ? ''
      : `\nFailures:\n${report.failures.map((f) => `  ${f.label}: ${f.code}: ${f.message}\n`).join('')}`)
  );
}

/**
 * `klikkflow import --report FILE|DIR`: imports every n8n file in memory (nothing is stored) and prints how
 * many import, how many have only supported node types, and every unsupported node type and expression
 * feature with its count; `--json` prints the same as one object.
 */
export async function importReportCommand(
  path: string,
  options: ImportReportOptions,
  io: CliIo,
): Promise<number> {
  const report = createCompatibilityReport();
  const registry = builtinRegistry();
  for (const file of await workflowFilesAt(path, io.cwd)) {
    const document = await readWorkflowDocument(file, io.cwd, 'n8n');
    if (document.kind === 'unreadable') {
      report.addUnreadableFile(file, document.error);
      continue;
    }
    report.addFile(importN8nDocument(document.value, file, { registry, fallbackName: nameFromFile(file) }));
  }
  const result = report.result();
  io.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(path, result));
  return EXIT.ok;
}
