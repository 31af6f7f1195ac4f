import type { Item, RunSource } from '@klikkflow/types';
import { defaultedParameters } from './defaulted-parameters.js';
import type { StackEntry, WaitingEntry } from './execution-state.js';
import { mainInputCount } from './node-ports.js';
import type { RunContext } from './run-context.js';
import { byCanvasPosition, type Edge } from './workflow-graph.js';

/** Number of main inputs of a node, from its definition (disabled or unknown nodes count as one). */
export function inputCount(run: RunContext, nodeId: string): number {
  const known = run.inputCounts.get(nodeId);
  if (known !== undefined) return known;
  const node = run.graph.node(nodeId);
  const definition = run.setup.registry.get(node.type, node.version);
  const declared = definition ? mainInputCount(definition, defaultedParameters(definition, node)) : 1;
  const wired = Math.max(0, ...run.graph.parentsOf(nodeId).map((edge) => edge.input + 1));
  const count = Math.max(declared, wired, 1);
  run.inputCounts.set(nodeId, count);
  return count;
}

/**
 * Schedules the children of a node that just ran. v1: depth-first, children go to the front of the stack,
 * topmost branch first, and an output with no items schedules nothing. v0: breadth-first, children go to the
 * back in output order, and empty outputs still reach multi-input nodes.
 */
export function scheduleChildren(run: RunContext, nodeId: string, outputs: Item[][], runIndex: number): void {
  const v1 = run.workflow.settings.executionOrder === 'v1';
  const edges = run.graph
    .childrenOf(nodeId)
    .filter((edge) => run.allowedNodes === null || run.allowedNodes.has(edge.to));
  const ordered = v1
    ? [...edges].sort((a, b) => byCanvasPosition(run.graph.node(a.to), run.graph.node(b.to)))
    : [...edges].sort((a, b) => a.output - b.output);
  const ready: StackEntry[] = [];
  for (const edge of ordered) {
    const items = outputs[edge.output] ?? [];
    const multiInput = inputCount(run, edge.to) > 1;
    if (items.length === 0 && (v1 || !multiInput)) continue;
    const source: RunSource = { node: nodeId, output: edge.output, runIndex };
    if (!multiInput) ready.push({ nodeId: edge.to, inputs: [items], source: [source] });
    else {
      const complete = deliverToWaiting(run, edge, items, source);
      if (complete) ready.push(complete);
    }
  }
  if (v1) run.state.stack.unshift(...ready);
  else run.state.stack.push(...ready);
}

/** Adds items to a multi-input node's waiting slot; returns a stack entry once every input has data. */
function deliverToWaiting(run: RunContext, edge: Edge, items: Item[], source: RunSource): StackEntry | null {
  const { waiting } = run.state;
  let entry = waiting.find(
    (candidate) => candidate.nodeId === edge.to && candidate.inputs[edge.input] === null,
  );
  if (!entry) {
    const count = inputCount(run, edge.to);
    entry = {
      nodeId: edge.to,
      inputs: Array.from({ length: count }, () => null),
      source: Array.from({ length: count }, () => null),
    };
    waiting.push(entry);
  }
  entry.inputs[edge.input] = items;
  entry.source[edge.input] = source;
  if (entry.inputs.some((slot) => slot === null)) return null;
  waiting.splice(waiting.indexOf(entry), 1);
  return toStackEntry(entry);
}

function toStackEntry(entry: WaitingEntry): StackEntry {
  return { nodeId: entry.nodeId, inputs: entry.inputs.map((slot) => slot ?? []), source: entry.source };
}

/**
 * When the stack is empty but multi-input nodes still wait: releases the first one whose required inputs
 * have data, with `[]` for the inputs that never came. Waiting nodes whose required inputs are missing are
 * dropped. Under v0, the branch feeding a missing input is run first (see {@link forceMissingInput}).
 * Returns false when nothing was released or scheduled.
 */
export function releaseWaitingNode(run: RunContext): boolean {
  const { waiting } = run.state;
  if (run.workflow.settings.executionOrder === 'v0' && forceMissingInput(run)) return true;
  while (waiting.length > 0) {
    const entry = waiting.shift() as WaitingEntry;
    const node = run.graph.node(entry.nodeId);
    const definition = run.setup.registry.get(node.type, node.version);
    const required = definition
      ? (definition.requiredInputs?.(defaultedParameters(definition, node)) ??
        definition.inputs.flatMap((port, index) => (port.required ? [index] : [])))
      : [];
    if (required.every((index) => entry.inputs[index] !== null && entry.inputs[index] !== undefined)) {
      run.state.stack.push(toStackEntry(entry));
      return true;
    }
  }
  return false;
}

/**
 * v0 ("force input node execution"): before releasing a waiting node, run the branch that should feed its
 * first missing input, from the highest ancestor of that branch that has not run yet, with one empty item.
 * Returns false when every such branch has run already (then the node is released as in v1).
 */
function forceMissingInput(run: RunContext): boolean {
  const entry = run.state.waiting[0];
  if (!entry) return false;
  const missing = entry.inputs.indexOf(null);
  for (const edge of run.graph.parentsOf(entry.nodeId)) {
    if (edge.input !== missing || hasRun(run, edge.from)) continue;
    const start = highestUnrunAncestor(run, edge.from);
    if (run.allowedNodes !== null && !run.allowedNodes.has(start)) continue;
    run.state.stack.push({ nodeId: start, inputs: [[{ json: {} }]], source: [null] });
    return true;
  }
  return false;
}

function hasRun(run: RunContext, nodeId: string): boolean {
  return (run.state.runData[nodeId]?.length ?? 0) > 0;
}

/** Walks up first parents while they have not run: where a branch that never started begins. */
function highestUnrunAncestor(run: RunContext, nodeId: string): string {
  const seen = new Set<string>([nodeId]);
  let current = nodeId;
  for (;;) {
    const parent = run.graph
      .parentsOf(current)
      .find((edge) => !hasRun(run, edge.from) && !seen.has(edge.from));
    if (!parent) return current;
    seen.add(parent.from);
    current = parent.from;
  }
}
