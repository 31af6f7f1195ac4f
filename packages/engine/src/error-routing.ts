import type { Item } from '@klikkflow/types';

const ERROR_ONLY_KEYS = new Set(['error', 'message', 'details']);

/** True for an item a node marked as failed: an `error` field, or a json holding only error fields. */
function isErrorItem(item: Item): boolean {
  if (item.error !== undefined) return true;
  const keys = Object.keys(item.json);
  return keys.length > 0 && keys.includes('error') && keys.every((key) => ERROR_ONLY_KEYS.has(key));
}

/**
 * For `onError: errorOutput`: moves failed items from the regular outputs to the error output (the last one),
 * keeping their lineage.
 */
export function routeErrorItems(outputs: Item[][], regularOutputs: number): Item[][] {
  const routed: Item[][] = [];
  const failed: Item[] = [];
  for (let index = 0; index < regularOutputs; index++) {
    const kept: Item[] = [];
    for (const item of outputs[index] ?? []) (isErrorItem(item) ? failed : kept).push(item);
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
