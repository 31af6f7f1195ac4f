import { type AnyNodeDefinition, type NodeParameters, withDefaults } from '@klikkflow/plugin-sdk';
import type { WorkflowNode } from '@klikkflow/types';

const cache = new WeakMap<WorkflowNode, { definition: AnyNodeDefinition; parameters: NodeParameters }>();

/**
 * A node's parameters with its definition's defaults applied, computed once per node object. Workflow
 * nodes are immutable data, and a server runs the same node objects for every execution: computing the
 * defaults (and, downstream, analysing the same parameters object for expressions) once saves work on
 * every run. The result is shared: read it, never change it.
 */
export function defaultedParameters(definition: AnyNodeDefinition, node: WorkflowNode): NodeParameters {
  const known = cache.get(node);
  if (known?.definition === definition) return known.parameters;
  const parameters = withDefaults(definition.properties, node.parameters);
  cache.set(node, { definition, parameters });
  return parameters;
}
