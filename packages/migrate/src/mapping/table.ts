import { flowNodeExports, flowNodeMappings } from './flow-nodes.js';
import { ioNodeExports, ioNodeMappings } from './io-nodes.js';
import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

const importTable = new Map<string, NodeMapping[]>();
for (const mapping of [...flowNodeMappings, ...ioNodeMappings]) {
  const entries = importTable.get(mapping.n8nType) ?? [];
  entries.push(mapping);
  importTable.set(mapping.n8nType, entries);
}

const exportTable = new Map<string, ExportMapping>(
  [...flowNodeExports, ...ioNodeExports].map((mapping) => [mapping.nativeType, mapping]),
);

/** The mapping for an n8n node, and whether its version is outside the versions the table knows. */
export interface MappingMatch {
  mapping: NodeMapping;
  /** Set when the version is newer or older than every entry: the nearest entry is used. */
  versionNote?: string;
}

/**
 * The entry of one n8n type's `entries` for a type version, or undefined when there are none. A version no
 * entry lists uses the newest entry below it (n8n keeps older shapes working in newer versions), or the
 * oldest entry when it is older than all; either way it is noted.
 */
export function mappingForVersion(
  entries: readonly NodeMapping[],
  typeVersion: number,
): MappingMatch | undefined {
  const byVersion = [...entries].sort((a, b) => a.minVersion - b.minVersion);
  const exact = byVersion.find((entry) => typeVersion >= entry.minVersion && typeVersion <= entry.maxVersion);
  if (exact) return { mapping: exact };
  const below = byVersion.filter((entry) => entry.minVersion <= typeVersion).at(-1);
  const mapping = below ?? byVersion[0];
  if (!mapping) return undefined;
  return {
    mapping,
    versionNote: `type version ${typeVersion} is not one KlikkFlow knows; mapped as version ${mapping.maxVersion}`,
  };
}

/**
 * The table entry for an n8n type at a type version (see {@link mappingForVersion}), or undefined for a type
 * KlikkFlow does not support.
 */
export function findNodeMapping(n8nType: string, typeVersion: number): MappingMatch | undefined {
  return mappingForVersion(importTable.get(n8nType) ?? [], typeVersion);
}

/** The n8n types the importer maps (for reports and docs). */
export function supportedN8nTypes(): string[] {
  return [...importTable.keys()].sort();
}

/** How a native node type is exported to n8n, or undefined when it has no n8n equivalent. */
export function findExportMapping(nativeType: string): ExportMapping | undefined {
  return exportTable.get(nativeType);
}
