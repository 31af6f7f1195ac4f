import {
  type Clock,
  createEngine,
  createNodeRegistry,
  type Engine,
  type EnginePorts,
  type ScriptSandbox,
} from '@klikkflow/engine';
import { builtinNodes } from '@klikkflow/nodes';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { type Item, type RunData, type Workflow, workflowSchema } from '@klikkflow/types';

/** One real sandbox per test file: isolates are expensive to start. */
export const sandbox: ScriptSandbox = createIsolatedVmSandbox();

/** A clock whose sleeps pass at once (waits and retries cost nothing). */
export class InstantClock implements Clock {
  time = Date.UTC(2026, 0, 15, 12, 0, 0);
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

/** The real engine with the built-in nodes and the real sandbox. */
export function realEngine(ports: Partial<EnginePorts> = {}): Engine {
  return createEngine({ registry: createNodeRegistry(builtinNodes), ports: { sandbox, ...ports } });
}

type NodeSpec = {
  name: string;
  type: string;
  parameters?: Record<string, unknown>;
  position?: [number, number];
} & Record<string, unknown>;

/** Builds a workflow; node ids are their names, edges are `From:output->To:input`. */
export function build(nodes: NodeSpec[], edges: string[], settings: Record<string, unknown> = {}): Workflow {
  return workflowSchema.parse({
    schemaVersion: 1,
    id: 'integration',
    name: 'Integration',
    nodes: nodes.map((node, index) => ({
      id: node.name,
      version: 1,
      position: [index * 200, 0],
      parameters: {},
      ...node,
    })),
    connections: edges.map((edge) => {
      const [from, to] = edge.split('->') as [string, string];
      const [fromNode, output = '0'] = from.split(':');
      const [toNode, input = '0'] = to.split(':');
      return { from: { node: fromNode, output: Number(output) }, to: { node: toNode, input: Number(input) } };
    }),
    settings,
  });
}

/** The json of one output of one run of a node. */
export function json(runData: RunData, node: string, output = 0, run = 0): unknown[] {
  return (runData[node]?.[run]?.outputs?.[output] ?? []).map((item: Item) => item.json);
}

export const trigger: NodeSpec = { name: 'Start', type: 'core.manualTrigger' };
