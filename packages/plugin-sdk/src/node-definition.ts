import type { ExecutionMode, Item, NodeDescription, PortSpec } from '@klikkflow/types';
import type { NodeExecutionContext, NodeParameters } from './node-context.js';

/**
 * A node type: plain data (its {@link NodeDescription}) plus functions. No classes, no `this`.
 * `execute` receives one item array per input and returns one per output.
 */
export interface NodeDefinition<P extends NodeParameters = NodeParameters> extends NodeDescription {
  /** Runs the node on all its input items at once. */
  execute?(ctx: NodeExecutionContext<P>, inputs: Item[][]): Promise<Item[][]>;
  /** Outputs when they depend on parameters (Switch rules, error output...). Defaults to `outputs`. */
  resolveOutputs?(parameters: NodeParameters): PortSpec[];
  /** Inputs when they depend on parameters (Merge with more than two inputs). Defaults to `inputs`. */
  resolveInputs?(parameters: NodeParameters): PortSpec[];
  /** Input indexes that must have data before the node may run. Defaults to inputs marked `required`. */
  requiredInputs?(parameters: NodeParameters): number[];
  /**
   * Parameter paths whose expressions the engine leaves as templates (`=…` strings), for values that only
   * exist while the node runs, such as `$response` in HTTP pagination; the node evaluates them with
   * `ctx.evaluateExpression(template, itemIndex, extras)`.
   */
  readonly rawParameters?: readonly string[];
  /** A trigger starts executions; in a run it emits the trigger items it is given. */
  readonly isTrigger?: boolean;
  /** Execution modes this trigger starts (default: any). The sub-workflow trigger says `['subworkflow']`. */
  readonly triggerModes?: readonly ExecutionMode[];
}

/** Any node definition, whatever its parameter type. */
// biome-ignore lint/suspicious/noExplicitAny: definitions with different parameter types share one registry.
export type AnyNodeDefinition = NodeDefinition<any>;
