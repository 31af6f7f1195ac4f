import {
  createEngine,
  createNodeRegistry,
  type Engine,
  type EnginePorts,
  type NodeRegistry,
  type ScriptSandbox,
} from '@klikkflow/engine';
import { builtinNodes } from '@klikkflow/nodes';
import { type Item, UserError, type Workflow, workflowSchema } from '@klikkflow/types';
import type { NativeParameters } from '../src/mapping/node-mapping.types.js';

/** The registry of built-in nodes, as the CLI and server use it. */
export const registry: NodeRegistry = createNodeRegistry(builtinNodes);

/**
 * The real engine with the built-in nodes and `sandbox`. `workflows` are callable as sub-workflows by id;
 * `events` receives the execution events.
 */
export function createTestEngine(
  sandbox: ScriptSandbox,
  workflows: readonly Workflow[],
  events?: EnginePorts['events'],
): Engine {
  const byId = new Map(workflows.map((workflow) => [workflow.id, workflow]));
  return createEngine({
    registry,
    ports: {
      sandbox,
      ...(events && { events }),
      workflows: {
        load: async (id) => {
          const found = byId.get(id);
          if (!found) throw new UserError('WF_NOT_FOUND', `no workflow ${id} in this test`);
          return found;
        },
      },
    },
  });
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
  const engine = createTestEngine(sandbox, options.others ?? []);
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
