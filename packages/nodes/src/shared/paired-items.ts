import { pairedTo } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';

/**
 * The items unchanged but each paired to its own index on input port `input`: how pass-through nodes
 * (No Op, Wait, IF routing) keep lineage. New item objects; the json is shared, never mutated.
 */
export function pairEach(items: readonly Item[], input = 0): Item[] {
  return items.map((item, index) => withPair(item, index, input));
}

/** A copy of one item paired to `itemIndex` on input port `input`. */
export function withPair(item: Item, itemIndex: number, input = 0): Item {
  return { ...item, pairedItem: pairedTo(itemIndex, input) };
}

/** A copy of an item without lineage, for items whose pairing belonged to another run or workflow. */
export function withoutPair(item: Item): Item {
  const { pairedItem: _lineage, ...rest } = item;
  return rest;
}
