import type { Item, PairedItemRef } from '@klikkflow/types';

/**
 * Fills in `pairedItem` where a node left it out, so `$('Node').item` keeps working downstream:
 * one input item ⇒ item 0; as many outputs as inputs on a single input ⇒ index-wise; N inputs → 1 output
 * ⇒ item 0. Otherwise lineage stays unknown.
 */
export function autoPairItems(outputs: Item[][], inputs: Item[][]): Item[][] {
  const firstInput = inputs[0] ?? [];
  const singleInput = inputs.length <= 1;
  return outputs.map((items) => {
    if (items.every((item) => item.pairedItem !== undefined)) return items;
    return items.map((item, index) => {
      if (item.pairedItem !== undefined) return item;
      let ref: PairedItemRef | undefined;
      if (firstInput.length === 1 || items.length === 1) ref = { item: 0 };
      else if (singleInput && items.length === firstInput.length) ref = { item: index };
      return ref && firstInput.length > 0 ? { ...item, pairedItem: ref } : item;
    });
  });
}

/** One empty item paired to every input item: what `alwaysOutputData` emits when a node outputs nothing. */
export function emptyItemFor(inputs: Item[][]): Item {
  const pairedItem: PairedItemRef[] = [];
  inputs.forEach((items, input) => {
    items.forEach((_, item) => {
      pairedItem.push(input === 0 ? { item } : { item, input });
    });
  });
  return pairedItem.length > 0 ? { json: {}, pairedItem } : { json: {} };
}
