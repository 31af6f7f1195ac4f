import type { AnyNodeDefinition } from '@klikkflow/plugin-sdk';
import { UserError } from '@klikkflow/types';

/** Node types by `type` and `version`. Old versions stay registered next to new ones. */
export interface NodeRegistry {
  get(type: string, version: number): AnyNodeDefinition | undefined;
  /** Like {@link get}, but throws `WF_UNKNOWN_NODE_TYPE` naming the type and the versions that exist. */
  require(type: string, version: number): AnyNodeDefinition;
  list(): AnyNodeDefinition[];
}

/** Builds a registry; registering the same type and version twice is an error. */
export function createNodeRegistry(definitions: Iterable<AnyNodeDefinition>): NodeRegistry {
  // By type, then version: a lookup (one per node run) builds no key string.
  const byType = new Map<string, Map<number, AnyNodeDefinition>>();
  const all: AnyNodeDefinition[] = [];
  for (const definition of definitions) {
    const versions = byType.get(definition.type) ?? new Map<number, AnyNodeDefinition>();
    if (versions.has(definition.version)) {
      throw new UserError(
        'NODE_TYPE_DUPLICATE',
        `node type ${definition.type}@${definition.version} is registered twice`,
      );
    }
    versions.set(definition.version, definition);
    byType.set(definition.type, versions);
    all.push(definition);
  }
  const registry: NodeRegistry = {
    get: (type, version) => byType.get(type)?.get(version),
    require(type, version) {
      const found = registry.get(type, version);
      if (found) return found;
      const versions = [...(byType.get(type)?.keys() ?? [])];
      const hint = versions.length > 0 ? ` (registered versions: ${versions.join(', ')})` : '';
      throw new UserError('WF_UNKNOWN_NODE_TYPE', `unknown node type "${type}" version ${version}${hint}`, {
        details: { type, version },
      });
    },
    list: () => [...all],
  };
  return registry;
}
