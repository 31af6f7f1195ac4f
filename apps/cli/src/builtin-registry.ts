import { createNodeRegistry, type NodeRegistry } from '@klikkflow/engine';
import { builtinNodes } from '@klikkflow/nodes';

let registry: NodeRegistry | undefined;

/** The registry of built-in nodes, built once per process. */
export function builtinRegistry(): NodeRegistry {
  registry ??= createNodeRegistry(builtinNodes);
  return registry;
}
