import type { N8nImportOutcome } from './import-document.js';

/** What `klikkflow import --report` prints for a folder of n8n files. */
export interface CompatibilityReport {
  /** Files read. */
  files: number;
  /** Workflows found in them (a file may hold an array). */
  workflows: number;
  /** Workflows that imported (possibly with placeholders). */
  imported: number;
  /** Unreadable files plus workflows that could not be imported. */
  failed: number;
  /** Imported workflows whose every node type KlikkFlow runs: no placeholder. */
  allNodesSupported: number;
  /** Node types imported as placeholders, with their number of nodes, most frequent first. */
  unsupportedNodeTypes: Record<string, number>;
  /** Unsupported expression features with their number of uses, most frequent first. */
  unsupportedExpressionFeatures: Record<string, number>;
  /** Why each failure failed. */
  failures: { label: string; code: string; message: string }[];
}

function add(counts: Map<string, number>, key: string, by = 1) {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function sortedRecord(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Collects import outcomes file by file into a {@link CompatibilityReport}. */
export function createCompatibilityReport() {
  let files = 0;
  let workflows = 0;
  let imported = 0;
  let allNodesSupported = 0;
  const failures: CompatibilityReport['failures'] = [];
  const nodeTypes = new Map<string, number>();
  const features = new Map<string, number>();
  return {
    /** A file that could not be read or parsed. */
    addUnreadableFile(label: string, error: { code: string; message: string }): void {
      files += 1;
      failures.push({ label, ...error });
    },
    /** The outcomes of one file. */
    addFile(outcomes: readonly N8nImportOutcome[]): void {
      files += 1;
      for (const outcome of outcomes) {
        workflows += 1;
        if (!outcome.ok) {
          failures.push({ label: outcome.label, ...outcome.error });
          continue;
        }
        imported += 1;
        const { report } = outcome.result;
        if (report.unsupportedNodes.length === 0) allNodesSupported += 1;
        for (const node of report.unsupportedNodes) add(nodeTypes, node.type);
        for (const [feature, count] of Object.entries(report.unsupportedExpressionFeatures)) {
          add(features, feature, count);
        }
      }
    },
    result(): CompatibilityReport {
      return {
        files,
        workflows,
        imported,
        failed: failures.length,
        allNodesSupported,
        unsupportedNodeTypes: sortedRecord(nodeTypes),
        unsupportedExpressionFeatures: sortedRecord(features),
        failures: [...failures],
      };
    },
  };
}
