import type { ExecutionResult } from '@klikkflow/engine';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import type { Item, Workflow } from '@klikkflow/types';
import { importN8nWorkflow, type N8nImport } from '../src/index.js';
import { createTestEngine, registry } from './test-engine.js';

/** The built-in registry the imports below use, for tests that import on their own. */
export { registry };

/** Imports an n8n workflow object with the built-in registry. */
export function importN8n(source: unknown): N8nImport {
  return importN8nWorkflow(source, { registry });
}

/** An execution of an imported workflow, readable by n8n node names. */
export interface ImportedRun {
  result: ExecutionResult;
  workflow: Workflow;
  /** The json of a node's items on an output of one of its runs (default: output 0 of its last run). */
  output(nodeName: string, output?: number, runIndex?: number): unknown[];
  /** How many times a node ran. */
  runs(nodeName: string): number;
  /** Node names in the order their runs started, one entry per run. */
  order(): string[];
}

/**
 * Imports n8n workflows and runs the first one with the real engine, nodes and isolated-vm sandbox. The
 * others are callable as sub-workflows by their n8n id. Run data is read back by node name.
 */
export async function runN8n(
  sources: unknown | unknown[],
  options: { triggerItems?: Item[]; startNodeName?: string } = {},
): Promise<ImportedRun> {
  const imported = (Array.isArray(sources) ? sources : [sources]).map((source) => importN8n(source).workflow);
  const main = imported[0]!;
  const sandbox = createIsolatedVmSandbox();
  const started: string[] = [];
  const engine = createTestEngine(sandbox, imported, (event) => {
    if (event.type === 'nodeStart' && event.executionId === executionId) started.push(event.nodeName);
  });
  // Sub-workflow runs report their own node starts: only the main execution's are kept.
  const executionId = 'main-execution';
  const idOf = (name: string) => {
    const node = main.nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`no node named "${name}"`);
    return node.id;
  };
  try {
    const startNodeId = options.startNodeName === undefined ? undefined : idOf(options.startNodeName);
    const result = await engine.run({
      executionId,
      workflow: main,
      mode: 'manual',
      ...(options.triggerItems && { triggerItems: options.triggerItems }),
      ...(startNodeId && { startNodeId }),
    });
    const runsOf = (name: string) => result.runData[idOf(name)] ?? [];
    return {
      result,
      workflow: main,
      output(name, output = 0, runIndex) {
        const runs = runsOf(name);
        const run = runs[runIndex ?? runs.length - 1];
        return (run?.outputs?.[output] ?? []).map((item) => item.json);
      },
      runs: (name) => runsOf(name).length,
      order: () => [...started],
    };
  } finally {
    await sandbox.dispose();
  }
}
