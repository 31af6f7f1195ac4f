import type { Item, NodeRun, WorkflowNode } from '@klikkflow/types';
import type { NodeDataView, PairedPointer, WorkflowDataSnapshot } from '../ports/script-sandbox.port.js';
import type { ExpressionScope } from './expression-scope.js';
import { jsonKeysRead, projectItems } from './json-projection.js';
import { findNodeReferences } from './node-references.js';
import { resolvePairedItems } from './paired-item.js';

/**
 * The input port expressions see as `$json`/`$input`: input 0, or, with v1 execution order, the first
 * non-empty input when input 0 is empty (as n8n's connection input).
 */
export function connectionInputIndex(scope: ExpressionScope): number {
  if ((scope.inputs[0]?.length ?? 0) > 0 || scope.workflow.settings.executionOrder === 'v0') return 0;
  const index = scope.inputs.findIndex((items) => items.length > 0);
  return index === -1 ? 0 : index;
}

/** The items of the connection input (see {@link connectionInputIndex}). */
export function connectionInput(scope: ExpressionScope): Item[] {
  return scope.inputs[connectionInputIndex(scope)] ?? [];
}

/**
 * Builds the data an expression or Code node can read while the scope's node runs. Other nodes' data is
 * included only for the nodes `codes` refer to (all nodes when a reference is dynamic), with their
 * paired-item pointers for every connection-input item. Items carry only `json` and `binary`.
 */
export function buildSnapshot(
  scope: ExpressionScope,
  codes: readonly string[],
  extras?: Record<string, unknown>,
  options: SnapshotOptions = {},
): WorkflowDataSnapshot {
  const { workflow, node } = scope;
  const inputIndex = connectionInputIndex(scope);
  const input = scope.inputs[inputIndex] ?? [];
  const source = scope.source[inputIndex] ?? null;
  const references = findNodeReferences(codes);
  // Null prototypes: node names are user text ("__proto__" must stay an ordinary key).
  const nodes: Record<string, NodeDataView> = Object.create(null);
  const paired: Record<string, (PairedPointer | null)[]> = Object.create(null);
  for (const referenced of referencedNodes(workflow.nodes, references.names, references.dynamic)) {
    const runs = Object.hasOwn(scope.runData, referenced.id) ? (scope.runData[referenced.id] ?? []) : [];
    nodes[referenced.name] = { runs: runs.map(runOutputs), parameters: referenced.parameters };
    paired[referenced.name] = resolvePairedItems(scope.runData, source, input.length, referenced.id);
  }
  const customData = scope.customData?.();
  const snapshot: WorkflowDataSnapshot = {
    timezone: workflow.settings.timezone ?? 'UTC',
    now: scope.now,
    execution: {
      id: scope.executionId,
      mode: scope.mode,
      ...(customData ? { customData } : {}),
    },
    workflow: { id: workflow.id, name: workflow.name, active: false },
    vars: scope.variables,
    node: { name: node.name, type: node.type, parameters: node.parameters },
    runIndex: scope.runIndex,
    prevNode: source ? prevNode(workflow.nodes, source.node, source.output, source.runIndex) : null,
    input: inputFor(input, codes, options),
    nodes,
    paired,
  };
  if (extras) snapshot.extras = extras;
  return snapshot;
}

/** How much of the input items a snapshot carries. */
export interface SnapshotOptions {
  /**
   * Send only the top-level `$json` keys the code reads, when that is all it reads (see {@link jsonKeysRead}).
   * For expressions only: their results are values, so dropping unread fields cannot change them.
   */
  projectInput?: boolean;
}

function inputFor(input: Item[], codes: readonly string[], options: SnapshotOptions): Item[] {
  const keys = options.projectInput ? jsonKeysRead(codes) : null;
  return keys ? projectItems(input, keys) : dataOnly(input);
}

function referencedNodes(all: WorkflowNode[], names: Set<string>, dynamic: boolean): WorkflowNode[] {
  if (dynamic) return all;
  if (names.size === 0) return [];
  return all.filter((node) => names.has(node.name));
}

function prevNode(all: WorkflowNode[], id: string, outputIndex: number, runIndex: number) {
  const parent = all.find((node) => node.id === id);
  return { name: parent?.name ?? id, outputIndex, runIndex };
}

function runOutputs(run: NodeRun): Item[][] {
  return run.outputs ? run.outputs.map(dataOnly) : [];
}

/** Cache of stripped copies, keyed by the (never mutated once recorded) item arrays of run data. */
const stripped = new WeakMap<Item[], Item[]>();

/**
 * The items with only `json` and `binary`. Arrays whose items carry nothing else are returned as they are;
 * copies are cached per array, so the run data of a node is stripped once however many nodes read it.
 */
function dataOnly(items: Item[]): Item[] {
  const cached = stripped.get(items);
  if (cached && cached.length === items.length) return cached;
  let out: Item[] = items;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Item;
    if (item.pairedItem === undefined && item.error === undefined) {
      if (out !== items) out[index] = item;
      continue;
    }
    if (out === items) out = items.slice(0, index);
    out[index] = item.binary === undefined ? { json: item.json } : { json: item.json, binary: item.binary };
  }
  if (out !== items) stripped.set(items, out);
  return out;
}
