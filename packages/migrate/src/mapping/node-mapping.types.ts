/** n8n node parameters as they appear in a file (only non-default values are saved). */
export type N8nParameters = Record<string, unknown>;

/** Native KlikkFlow node parameters. */
export type NativeParameters = Record<string, unknown>;

/** What a mapping sees of the n8n node it converts, and how it reports what it could not keep. */
export interface MappingContext {
  /** The node's `typeVersion` (1, 1.1, 2.2, ...). */
  typeVersion: number;
  /** The node's display name, for messages. */
  nodeName: string;
  /**
   * Records something the import could not carry over exactly (an option KlikkFlow lacks...). The workflow
   * still imports; the warning is shown in the import report.
   */
  warn(message: string): void;
}

/**
 * How one n8n node type, over a range of its type versions, becomes a KlikkFlow node.
 *
 * The table is the single place where n8n's per-version behaviour is encoded: `defaults` restores the values
 * n8n left out of the file (they differ between versions), `toNative` reshapes the parameters.
 */
export interface NodeMapping {
  /** Full n8n type, e.g. `n8n-nodes-base.set`. */
  n8nType: string;
  /** Lowest n8n `typeVersion` this entry handles (inclusive). */
  minVersion: number;
  /** Highest n8n `typeVersion` this entry handles (inclusive); newer versions fall back to the newest entry. */
  maxVersion: number;
  /** The KlikkFlow node type, e.g. `core.set`. */
  nativeType: string;
  /**
   * Picks the KlikkFlow node type from the parameters (with `defaults` applied) when one n8n node type
   * covers several native ones (Item Lists: one per operation). Without it, `nativeType`.
   */
  nativeTypeFor?(parameters: N8nParameters): string;
  /**
   * n8n's defaults for these versions, deep-merged under the file's parameters before `toNative` runs
   * (objects merge key by key; arrays and scalars in the file win).
   */
  defaults?: N8nParameters;
  /** n8n parameters (with `defaults` applied) → native parameters. Without it they are kept as they are. */
  toNative?(parameters: N8nParameters, context: MappingContext): NativeParameters;
}

/** How a KlikkFlow node type is written back as an n8n node (for the exporter). */
export interface ExportMapping {
  nativeType: string;
  n8nType: string;
  /** The n8n `typeVersion` whose parameter shapes the native parameters follow. */
  typeVersion: number;
  /** Native parameters → n8n parameters for `typeVersion`. Without it they are kept as they are. */
  toN8n?(parameters: NativeParameters): N8nParameters;
}

/**
 * Thrown by `toNative` when a node uses a variant KlikkFlow cannot run (a Python Code node, an operation
 * the native node lacks). The importer then keeps the node as a placeholder that names `reason`.
 */
export class UnsupportedVariantError extends Error {
  override readonly name = 'UnsupportedVariantError';
}

/** Stops the mapping of a node whose variant KlikkFlow cannot run; see {@link UnsupportedVariantError}. */
export function unsupportedVariant(reason: string): never {
  throw new UnsupportedVariantError(reason);
}

/**
 * A table entry for versions of an n8n type that KlikkFlow cannot run: importing one keeps a placeholder that
 * names `reason`, rather than mapping it as the nearest supported version would.
 */
export function unsupportedVersions(
  versions: Pick<NodeMapping, 'n8nType' | 'minVersion' | 'maxVersion' | 'nativeType'>,
  reason: string,
): NodeMapping {
  return { ...versions, toNative: () => unsupportedVariant(reason) };
}
