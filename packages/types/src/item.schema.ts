import { z } from 'zod';

/**
 * A reference to a binary payload in the blob store. Binary data never sits inline in execution data.
 */
export const binaryRefSchema = z.object({
  /** Blob store key. */
  id: z.string().min(1),
  mimeType: z.string(),
  fileName: z.string().optional(),
  fileExtension: z.string().optional(),
  fileSize: z.number().int().nonnegative().optional(),
});
export type BinaryRef = z.infer<typeof binaryRefSchema>;

/** Lineage: which input item (and which input port) an output item came from. */
export const pairedItemRefSchema = z.object({
  item: z.number().int().nonnegative(),
  input: z.number().int().nonnegative().optional(),
  /**
   * The run of the same node whose input held the item, when not the run that emitted it: a loop node
   * re-emits items it received in an earlier run.
   */
  run: z.number().int().nonnegative().optional(),
});
export type PairedItemRef = z.infer<typeof pairedItemRefSchema>;

/** An item: the unit of data flowing between nodes. */
export const itemSchema = z.object({
  /** The item's data. Treated as read-only by every node: produce new objects instead of mutating. */
  json: z.record(z.string(), z.unknown()),
  binary: z.record(z.string(), binaryRefSchema).optional(),
  pairedItem: z.union([pairedItemRefSchema, z.array(pairedItemRefSchema)]).optional(),
  /** Set on items routed to an error output. */
  error: z.string().optional(),
});
export type Item = z.infer<typeof itemSchema>;

/** Items per port: `Item[][]`, outer index = input or output port. */
export type PortItems = Item[][];
