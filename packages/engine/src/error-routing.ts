import type { Item } from '@klikkflow/types';

const ERROR_ONLY_KEYS = new Set(['error', 'message', 'details']);

/** True for an item a node marked as failed: an `error` field, or a json holding only error fields. */
function isErrorItem(item: Item): boolean {
  if (item.error !== undefined) return true;
  const keys = Object.keys(item.json);
  return keys.length > 0 && keys.includes('error') && keys.every((key) => ERROR_ONLY_KEYS.has(key));
}

/** The input item a failed item descends from (its first paired item), if its lineage names one. */
function pairedInputItem(item: Item, inputs: Item[][]): Item | undefined {
  const ref = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
  return ref === undefined ? undefined : inputs[ref.input ?? 0]?.[ref.item];
}

/**
 * A failed item as n8n puts it on the error output: its paired input item's json with the item's own
 * fields (the error) over it, so the error branch still sees the data that failed. Lineage is kept.
 */
function withInputJson(item: Item, inputs: Item[][]): Item {
  const input = pairedInputItem(item, inputs);
  return input === undefined ? item : { ...item, json: { ...input.json, ...item.json } };
}

/**
 * For `onError: errorOutput`: moves failed items from the regular outputs to the error output (the last one),
 * each merged over the input item it is paired to (`inputs`: the items the node ran on), keeping lineage.
 */
export function routeErrorItems(outputs: Item[][], regularOutputs: number, inputs: Item[][]): Item[][] {
  const routed: Item[][] = [];
  const failed: Item[] = [];
  for (let index = 0; index < regularOutputs; index++) {
    const kept: Item[] = [];
    for (const item of outputs[index] ?? []) {
      if (isErrorItem(item)) failed.push(withInputJson(item, inputs));
      else kept.push(item);
    }
    routed.push(kept);
  }
  routed.push([...failed, ...(outputs[regularOutputs] ?? [])]);
  return routed;
}

/** The error output of a node that failed as a whole: each input item's json plus the error message. */
export function failedInputItems(inputs: Item[][], message: string): Item[] {
  return (inputs[0] ?? []).map((item, index) => ({
    json: { ...item.json, error: message },
    pairedItem: { item: index },
    error: message,
  }));
}
