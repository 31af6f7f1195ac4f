import { type Item, type RunData, type RunSource, UserError } from '@klikkflow/types';
import type { RunRequest } from './engine.types.js';
import type { StackEntry } from './execution-state.js';
import type { NodeRegistry } from './node-registry.js';
import { byCanvasPosition, type WorkflowGraph } from './workflow-graph.js';

/** Where an execution begins: the first stack entry, the run data it reuses, the nodes it may run. */
export interface StartPlan {
  entry: StackEntry;
  runData: RunData;
  allowedNodes: Set<string> | null;
}

/**
 * Picks the start node: the requested one, else a trigger that starts this mode, else any trigger, else the
 * topmost node without parents. Disabled nodes never start a run.
 */
function pickStartNode(
  graph: WorkflowGraph,
  registry: NodeRegistry,
  request: RunRequest,
  allowed: Set<string> | null,
): string {
  if (request.startNodeId !== undefined) return graph.node(request.startNodeId).id;
  const mode = request.mode ?? 'manual';
  const candidates = [...graph.nodes.values()]
    .filter((node) => !node.disabled && (allowed === null || allowed.has(node.id)))
    .sort(byCanvasPosition);
  const triggers = candidates.filter((node) => registry.get(node.type, node.version)?.isTrigger);
  const forMode = triggers.filter((node) => {
    const modes = registry.get(node.type, node.version)?.triggerModes;
    return modes === undefined || modes.includes(mode);
  });
  const roots = candidates.filter((node) => graph.parentsOf(node.id).length === 0);
  const start = forMode[0] ?? triggers[0] ?? roots[0];
  if (!start) throw new UserError('WF_NO_START_NODE', 'the workflow has no node to start from');
  return start.id;
}

/** Items a node's input gets from an earlier run: its parent's last output on that edge. */
function inputsFromEarlierRun(
  graph: WorkflowGraph,
  nodeId: string,
  earlier: RunData,
  pinData: Record<string, Item[]>,
) {
  const parents = graph.parentsOf(nodeId);
  const count = Math.max(1, ...parents.map((edge) => edge.input + 1));
  const inputs: Item[][] = Array.from({ length: count }, () => []);
  const source: (RunSource | null)[] = Array.from({ length: count }, () => null);
  for (const edge of parents) {
    const runs = earlier[edge.from];
    const last = runs?.[runs.length - 1];
    const items = pinData[edge.from] ?? last?.outputs?.[edge.output];
    if (!items) {
      const parent = graph.node(edge.from);
      throw new UserError(
        'WF_PARTIAL_MISSING_INPUT',
        `cannot run from "${graph.node(nodeId).name}": its parent "${parent.name}" has no earlier run data`,
        { details: { node: nodeId, parent: parent.name } },
      );
    }
    inputs[edge.input] = items;
    source[edge.input] = {
      node: edge.from,
      output: edge.output,
      runIndex: Math.max(0, (runs?.length ?? 1) - 1),
    };
  }
  return { inputs, source };
}

/** Plans a full run, a run up to a node (`runTo`), or a run from a node reusing earlier data (`runFrom`). */
export function planStart(graph: WorkflowGraph, registry: NodeRegistry, request: RunRequest): StartPlan {
  const allowed = request.runTo === undefined ? null : graph.ancestorsOf(graph.node(request.runTo).id);
  const triggerItems = request.triggerItems ?? [{ json: {} }];
  if (request.runFrom === undefined) {
    const nodeId = pickStartNode(graph, registry, request, allowed);
    return { entry: { nodeId, inputs: [triggerItems], source: [null] }, runData: {}, allowedNodes: allowed };
  }
  const from = graph.node(request.runFrom).id;
  const earlier = request.previousRunData ?? {};
  const rerun = graph.descendantsOf(from);
  const runData: RunData = {};
  for (const [nodeId, runs] of Object.entries(earlier)) {
    if (!rerun.has(nodeId) && graph.nodes.has(nodeId)) runData[nodeId] = runs;
  }
  const pinData = request.usePinData === false ? {} : (graph.workflow.pinData ?? {});
  const isRoot = graph.parentsOf(from).length === 0;
  const entry: StackEntry = isRoot
    ? { nodeId: from, inputs: [triggerItems], source: [null] }
    : { nodeId: from, ...inputsFromEarlierRun(graph, from, earlier, pinData) };
  const allowedNodes = allowed === null ? rerun : new Set([...rerun].filter((id) => allowed.has(id)));
  return { entry, runData, allowedNodes };
}
