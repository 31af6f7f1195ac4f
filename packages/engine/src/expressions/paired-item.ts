import type { Item, NodeRun, RunData, RunSource } from '@klikkflow/types';
import type { PairedPointer } from '../ports/script-sandbox.port.js';

/** Default bound on lineage steps for one item: guards against corrupt (cyclic) or exploding lineage. */
export const MAX_LINEAGE_STEPS = 1_000;

interface Ref {
  item: number;
  input: number;
  /** Run of the same node whose input held the item (loops re-emit items from earlier runs). */
  run?: number;
}

interface Budget {
  left: number;
}

/**
 * Follows paired-item lineage from an input item back to the node `targetNodeId`.
 *
 * `source` is where the item came from (a node's output in one of its runs) and `itemIndex` its index in that
 * output. Each step reads the item's `pairedItem` (`{item, input?}`, an array of those, or a bare number;
 * the input defaults to 0) to find the parent run's input item and that input's source. An item without
 * `pairedItem` is taken to descend from the parent's only input item when the parent had exactly one;
 * otherwise the lineage is unknown. Of several refs, the first that reaches the target wins.
 *
 * @returns the target's `{runIndex, output, item}`, or null when the lineage does not reach it.
 */
export function resolvePairedItem(
  runData: RunData,
  source: RunSource | null | undefined,
  itemIndex: number,
  targetNodeId: string,
  maxSteps = MAX_LINEAGE_STEPS,
): PairedPointer | null {
  return walk(runData, source ?? null, itemIndex, targetNodeId, { left: maxSteps });
}

/** {@link resolvePairedItem} for every item of one input: the pointer of item i at index i. */
export function resolvePairedItems(
  runData: RunData,
  source: RunSource | null | undefined,
  itemCount: number,
  targetNodeId: string,
): (PairedPointer | null)[] {
  const pointers = new Array<PairedPointer | null>(itemCount).fill(null);
  // Without run data for the target no lineage can reach it: skip the walks.
  if (!source || !Object.hasOwn(runData, targetNodeId)) return pointers;
  for (let index = 0; index < itemCount; index++) {
    pointers[index] = resolvePairedItem(runData, source, index, targetNodeId);
  }
  return pointers;
}

function walk(
  runData: RunData,
  start: RunSource | null,
  itemIndex: number,
  target: string,
  budget: Budget,
): PairedPointer | null {
  let source = start;
  let index = itemIndex;
  while (source) {
    const run = Object.hasOwn(runData, source.node) ? runData[source.node]?.[source.runIndex] : undefined;
    const item = run?.outputs?.[source.output]?.[index];
    if (!run || !item) return null;
    if (source.node === target) return { runIndex: source.runIndex, output: source.output, item: index };
    if (--budget.left < 0) return null;
    const refs = pairedRefs(item, run);
    if (refs.length === 0) return null;
    if (refs.length > 1) {
      for (const ref of refs) {
        const found = walk(runData, parentSource(runData, source.node, run, ref), ref.item, target, budget);
        if (found || budget.left < 0) return found;
      }
      return null;
    }
    const ref = refs[0] as Ref;
    source = parentSource(runData, source.node, run, ref);
    index = ref.item;
  }
  return null;
}

/** Where the input item a ref names came from: in `run`, or in the earlier run of the same node it names. */
function parentSource(runData: RunData, nodeId: string, run: NodeRun, ref: Ref): RunSource | null {
  const holder = ref.run === undefined ? run : runData[nodeId]?.[ref.run];
  return holder?.source[ref.input] ?? null;
}

/** The lineage refs of an output item of `run`, normalised (empty when unknown). */
function pairedRefs(item: Item, run: NodeRun): Ref[] {
  const paired: unknown = item.pairedItem;
  if (typeof paired === 'number') return [{ item: paired, input: 0 }];
  if (Array.isArray(paired)) {
    if (paired.length > 0) return paired.map(toRef);
  } else if (paired !== undefined && paired !== null) {
    return [toRef(paired)];
  }
  return onlyInputItem(run);
}

function toRef(paired: unknown): Ref {
  if (typeof paired === 'number') return { item: paired, input: 0 };
  const ref = paired as { item?: unknown; input?: unknown; run?: unknown };
  const out: Ref = {
    item: typeof ref.item === 'number' ? ref.item : -1,
    input: typeof ref.input === 'number' ? ref.input : 0,
  };
  if (typeof ref.run === 'number') out.run = ref.run;
  return out;
}

/** Without explicit lineage an item can only descend from its parent's only input item. */
function onlyInputItem(run: NodeRun): Ref[] {
  let found: Ref | null = null;
  for (let input = 0; input < run.inputs.length; input++) {
    const count = run.inputs[input]?.length ?? 0;
    if (count === 0) continue;
    if (count > 1 || found) return [];
    found = { item: 0, input };
  }
  return found ? [found] : [];
}
