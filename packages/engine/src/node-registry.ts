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
  const byKey = new Map<string, AnyNodeDefinition>();
  for (const definition of definitions) {
    const key = `${definition.type}@${definition.version}`;
    if (byKey.has(key)) throw new UserError('NODE_TYPE_DUPLICATE', `node type ${key} is registered twice`);
    byKey.set(key, definition);
  }
  const registry: NodeRegistry = {
    get: (type, version) => byKey.get(`${type}@${version}`),
    require(type, version) {
      const found = registry.get(type, version);
      if (found) return found;
      const versions = [...byKey.values()].filter((d) => d.type === type).map((d) => d.version);
      const hint = versions.length > 0 ? ` (registered versions: ${versions.join(', ')})` : '';
      throw new UserError('WF_UNKNOWN_NODE_TYPE', `unknown node type "${type}" version ${version}${hint}`, {
        details: { type, version },
      });
    },
    list: () => [...byKey.values()],
  };
  return registry;
}
