import type { AnyNodeDefinition, NodeParameters } from '@klikkflow/plugin-sdk';
import type { WorkflowNode } from '@klikkflow/types';

// `parameters` are the node's parameters with defaults applied (`withDefaults`), computed once by the caller.

/** Main input ports of a node, which may depend on its parameters (Merge with N inputs). */
export function mainInputCount(definition: AnyNodeDefinition, parameters: NodeParameters): number {
  const ports = definition.resolveInputs?.(parameters) ?? definition.inputs;
  return ports.filter((port) => port.kind === 'main').length;
}

/** Regular outputs of a node (without the error output), which may depend on its parameters (Switch). */
export function regularOutputCount(definition: AnyNodeDefinition, parameters: NodeParameters): number {
  return (definition.resolveOutputs?.(parameters) ?? definition.outputs).length;
}

/** All outputs of a node: regular ones plus the error output when `onError` is `errorOutput`. */
export function outputCount(
  definition: AnyNodeDefinition,
  node: WorkflowNode,
  parameters: NodeParameters,
): number {
  return regularOutputCount(definition, parameters) + (node.onError === 'errorOutput' ? 1 : 0);
}
