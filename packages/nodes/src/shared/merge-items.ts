import { pairedTo } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';

/** An item together with where it came from. */
export interface SourcedItem {
  item: Item;
  index: number;
  /** Input port (0-based). */
  input: number;
}

/** The items of one input with their origin. */
export function sourced(items: readonly Item[], input: number): SourcedItem[] {
  return items.map((item, index) => ({ item, index, input }));
}

/** One source item unchanged, paired to its origin. */
export function passSourced(source: SourcedItem): Item {
  return { ...source.item, pairedItem: pairedTo(source.index, source.input) };
}

/**
 * Merges items into one: later parts win on clashing fields (json and binary keys), and the result is
 * paired to every part.
 */
export function mergeSourced(parts: readonly SourcedItem[]): Item {
  if (parts.length === 1 && parts[0]) return passSourced(parts[0]);
  const json: Record<string, unknown> = {};
  let binary: Item['binary'];
  for (const { item } of parts) {
    Object.assign(json, item.json);
    if (item.binary) binary = { ...binary, ...item.binary };
  }
  const merged: Item = { json, pairedItem: parts.map((part) => pairedTo(part.index, part.input)) };
  if (binary) merged.binary = binary;
  return merged;
}
