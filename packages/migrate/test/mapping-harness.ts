import {
  createEngine,
  createNodeRegistry,
  type ScriptSandbox,
  type WorkflowDataSnapshot,
} from '@klikkflow/engine';
import { builtinNodes } from '@klikkflow/nodes';
import type { NodeHelpers } from '@klikkflow/plugin-sdk';
import { deserializeError, type Item, UserError, type Workflow, workflowSchema } from '@klikkflow/types';
import type {
  ExportMapping,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from '../src/mapping/node-mapping.types.js';
import { withN8nDefaults } from '../src/mapping/with-defaults.js';

/** What a mapping made of one n8n node. */
export interface MappedNode {
  nativeType: string;
  parameters: NativeParameters;
  warnings: string[];
}

/**
 * Converts one n8n node's saved parameters the way the importer does: the table entry for its type and
 * version, n8n's defaults under the file's values, then `toNative`.
 */
export function mapN8nNode(
  mappings: readonly NodeMapping[],
  n8nType: string,
  typeVersion: number,
  parameters: N8nParameters,
): MappedNode {
  const mapping = mappings.find(
    (entry) =>
      entry.n8nType === n8nType && typeVersion >= entry.minVersion && typeVersion <= entry.maxVersion,
  );
  if (!mapping) throw new Error(`no mapping for ${n8nType}@${typeVersion}`);
  const warnings: string[] = [];
  const merged = withN8nDefaults(parameters, mapping.defaults);
  const context = { typeVersion, nodeName: 'Node', warn: (message: string) => warnings.push(message) };
  return {
    nativeType: mapping.nativeType,
    parameters: mapping.toNative ? mapping.toNative(merged, context) : merged,
    warnings,
  };
}

/** Native parameters as the exporter writes them for n8n: type, version and parameters. */
export function exportNativeNode(
  exports: readonly ExportMapping[],
  nativeType: string,
  parameters: NativeParameters,
): { n8nType: string; typeVersion: number; parameters: N8nParameters } {
  const mapping = exports.find((entry) => entry.nativeType === nativeType);
  if (!mapping) throw new Error(`no export mapping for ${nativeType}`);
  return {
    n8nType: mapping.n8nType,
    typeVersion: mapping.typeVersion,
    parameters: mapping.toN8n ? mapping.toN8n(parameters) : parameters,
  };
}

/** The workflow data a Code node sees when it runs alone on `items`. */
function snapshot(items: Item[]): WorkflowDataSnapshot {
  return {
    timezone: 'UTC',
    now: Date.now(),
    execution: { id: 'test-execution', mode: 'manual' },
    workflow: { id: 'test-workflow', name: 'Test workflow', active: false },
    vars: {},
    node: { name: 'Code', type: 'core.code', parameters: {} },
    runIndex: 0,
    prevNode: null,
    input: items,
    nodes: {},
    paired: {},
  };
}

/** `helpers.runCode` backed by a real sandbox, as the engine provides it. */
export function sandboxRunCode(sandbox: ScriptSandbox, items: Item[]): NodeHelpers['runCode'] {
  return async (code, mode) => {
    const outcome = await sandbox.runCode({
      code,
      mode,
      data: snapshot(items),
      limits: { timeoutMs: 5_000, memoryMb: 64 },
    });
    if (!outcome.ok) throw deserializeError(outcome.error);
    return { items: outcome.items, logs: outcome.logs };
  };
}

/** A node of a test workflow: a native type and its parameters, chained in the order given. */
export interface ChainNode {
  name: string;
  type: string;
  parameters: NativeParameters;
}

/** A native workflow whose nodes run one after another. */
export function chainWorkflow(id: string, nodes: ChainNode[]): Workflow {
  return workflowSchema.parse({
    schemaVersion: 1,
    id,
    name: id,
    nodes: nodes.map((node, index) => ({ ...node, id: node.name, version: 1, position: [index * 200, 0] })),
    connections: nodes.slice(1).map((node, index) => ({
      from: { node: nodes[index]!.name, output: 0 },
      to: { node: node.name, input: 0 },
    })),
  });
}

/**
 * Runs `main` with the real engine, built-in nodes and sandbox; `others` are callable as sub-workflows by id.
 * Returns the json of each node's output 0 (last run) by node name.
 */
export async function runWorkflows(
  sandbox: ScriptSandbox,
  main: Workflow,
  options: { others?: Workflow[]; triggerItems?: Item[] } = {},
): Promise<Record<string, unknown[]>> {
  const others = options.others ?? [];
  const byId = new Map(others.map((workflow) => [workflow.id, workflow]));
  const engine = createEngine({
    registry: createNodeRegistry(builtinNodes),
    ports: {
      sandbox,
      workflows: {
        load: async (id) => {
          const found = byId.get(id);
          if (!found) throw new UserError('WF_NOT_FOUND', `no workflow ${id} in this test`);
          return found;
        },
      },
    },
  });
  const result = await engine.run({
    executionId: 'mapping-test',
    workflow: main,
    mode: 'manual',
    ...(options.triggerItems && { triggerItems: options.triggerItems }),
  });
  if (result.status !== 'success')
    throw new Error(`the workflow ended ${result.status}: ${JSON.stringify(result.error)}`);
  return Object.fromEntries(
    main.nodes.map((node) => {
      const runs = result.runData[node.id] ?? [];
      return [node.name, (runs.at(-1)?.outputs?.[0] ?? []).map((item) => item.json)];
    }),
  );
}
