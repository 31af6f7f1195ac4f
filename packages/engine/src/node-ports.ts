import { type AnyNodeDefinition, withDefaults } from '@klikkflow/plugin-sdk';
import type { WorkflowNode } from '@klikkflow/types';

/** Main input ports of a node, which may depend on its parameters (Merge with N inputs). */
export function mainInputCount(definition: AnyNodeDefinition, node: WorkflowNode): number {
  const ports =
    definition.resolveInputs?.(withDefaults(definition.properties, node.parameters)) ?? definition.inputs;
  return ports.filter((port) => port.kind === 'main').length;
}

/** Regular outputs of a node (without the error output), which may depend on its parameters (Switch). */
export function regularOutputCount(definition: AnyNodeDefinition, node: WorkflowNode): number {
  return (
    definition.resolveOutputs?.(withDefaults(definition.properties, node.parameters)) ?? definition.outputs
  ).length;
}

/** All outputs of a node: regular ones plus the error output when `onError` is `errorOutput`. */
export function outputCount(definition: AnyNodeDefinition, node: WorkflowNode): number {
  return regularOutputCount(definition, node) + (node.onError === 'errorOutput' ? 1 : 0);
}
