import type { Item, PairedItemRef } from '@klikkflow/types';

/** Wraps plain objects as items (`{ json }`), leaving values that already are items alone. */
export function toItems(values: readonly unknown[]): Item[] {
  return values.map((value) => toItem(value));
}

/** Wraps one value as an item. Arrays and primitives land under `json.data`, like n8n's Code node. */
export function toItem(value: unknown): Item {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const candidate = value as Partial<Item>;
    if (candidate.json !== null && typeof candidate.json === 'object' && !Array.isArray(candidate.json)) {
      return candidate as Item;
    }
    return { json: value as Record<string, unknown> };
  }
  return { json: { data: value } };
}

/** Links an output item to the input item it was made from. */
export function pairedTo(itemIndex: number, input?: number): PairedItemRef {
  return input === undefined || input === 0 ? { item: itemIndex } : { item: itemIndex, input };
}

/** A new item with the given json, paired to input item `itemIndex`, keeping the input's binary. */
export function derivedItem(source: Item, itemIndex: number, json: Record<string, unknown>): Item {
  const item: Item = { json, pairedItem: { item: itemIndex } };
  if (source.binary) item.binary = source.binary;
  return item;
}
