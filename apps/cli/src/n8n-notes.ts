import type { N8nImportReport } from '@klikkflow/migrate';
import type { TextSink } from './cli-io.js';
import { plural } from './text-format.js';

/** Prints what an n8n import could not carry over exactly, as `note` lines naming the workflow. */
export function writeN8nNotes(sink: TextSink, label: string, report: N8nImportReport): void {
  for (const node of report.unsupportedNodes) {
    sink.write(`note ${label}: node "${node.name}" (${node.type}) is a placeholder: ${node.reason}\n`);
  }
  for (const credential of report.unmatchedCredentials) {
    sink.write(
      `note ${label}: node "${credential.node}" uses credential "${credential.name}" (${credential.type}), ` +
        'which is not stored here: create it, then bind it in the editor\n',
    );
  }
  for (const [feature, count] of Object.entries(report.unsupportedExpressionFeatures)) {
    sink.write(
      `note ${label}: expressions use ${feature} (${plural(count, 'time')}), which KlikkFlow lacks\n`,
    );
  }
  for (const warning of report.warnings) sink.write(`note ${label}: ${warning}\n`);
}
