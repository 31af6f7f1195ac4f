import { defineNode, type NodeExecutionContext, readPath, withDefaults } from '@klikkflow/plugin-sdk';
import type { Item, PortSpec, PropertySpec } from '@klikkflow/types';
import { readConditionOptions } from './shared/condition-options.js';
import { listParameter } from './shared/field-list.js';
import {
  caseSensitiveOption,
  conditionsProperty,
  looseTypeValidationOption,
  matchesConditions,
} from './shared/filter-conditions.js';
import { withPair } from './shared/paired-items.js';
import { invalidParameter } from './shared/parameter-error.js';

/** One routing rule: items matching `conditions` go to this rule's output. */
interface SwitchRule {
  conditions?: unknown;
  outputKey?: string;
}

const properties: PropertySpec[] = [
  {
    name: 'mode',
    displayName: 'Mode',
    type: 'options',
    default: 'rules',
    description: 'Route by rules, or by an output index computed per item',
    options: [
      { name: 'Rules', value: 'rules', description: 'One output per rule' },
      { name: 'Expression', value: 'expression', description: 'An expression returns the output index' },
    ],
  },
  {
    name: 'rules',
    displayName: 'Routing Rules',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Each rule has its own output; an item goes to the first rule it matches',
    properties: [
      conditionsProperty,
      {
        name: 'outputKey',
        displayName: 'Output Name',
        type: 'string',
        default: '',
        description: 'Label of this rule’s output',
      },
    ],
    displayOptions: { show: { mode: ['rules'] } },
  },
  {
    name: 'numberOutputs',
    displayName: 'Number of Outputs',
    type: 'number',
    default: 4,
    description: 'How many outputs the node has',
    typeOptions: { minValue: 1 },
    displayOptions: { show: { mode: ['expression'] } },
  },
  {
    name: 'output',
    displayName: 'Output Index',
    type: 'number',
    default: 0,
    description: 'Output (from 0) to send the item to, usually an expression',
    displayOptions: { show: { mode: ['expression'] } },
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'fallbackOutput',
        displayName: 'Fallback Output',
        type: 'options',
        default: 'none',
        description: 'Where items matching no rule go: nowhere, an extra output, or an output index',
        options: [
          { name: 'None (Drop Items)', value: 'none' },
          { name: 'Extra Output', value: 'extra' },
        ],
      },
      {
        name: 'allMatchingOutputs',
        displayName: 'Send Data to All Matching Outputs',
        type: 'boolean',
        default: false,
        description: 'Whether an item goes to every matching rule instead of only the first',
      },
      caseSensitiveOption,
      looseTypeValidationOption,
    ],
    displayOptions: { show: { mode: ['rules'] } },
  },
];

function outputCount(value: unknown): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw invalidParameter(
      `"numberOutputs" must be a whole number of at least 1, not ${JSON.stringify(value)}`,
    );
  }
  return count;
}

/** The output ports for given parameters: one per rule (+ fallback), or `numberOutputs`. */
function resolveOutputs(parameters: Record<string, unknown>): PortSpec[] {
  const p = withDefaults(properties, parameters);
  if (p.mode === 'expression') {
    return Array.from({ length: outputCount(p.numberOutputs) }, (_, index) => ({
      kind: 'main',
      label: String(index),
    }));
  }
  const ports: PortSpec[] = listParameter<SwitchRule>(p.rules, 'rules').map((rule, index) => ({
    kind: 'main',
    label: rule.outputKey ? rule.outputKey : String(index),
  }));
  if (readPath(p, 'options.fallbackOutput') === 'extra') ports.push({ kind: 'main', label: 'Fallback' });
  return ports;
}

/** An output index from a parameter value, checked against the number of outputs. */
function outputIndex(value: unknown, count: number, what: string, itemIndex: number): number {
  const index = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
    throw invalidParameter(
      `${what} ${JSON.stringify(value)} (item ${itemIndex}) is not an output index from 0 to ${count - 1}`,
      { itemIndex },
    );
  }
  return index;
}

/** The outputs an item goes to in rules mode (empty: dropped). */
function ruleTargets(ctx: NodeExecutionContext, itemIndex: number, ruleCount: number): number[] {
  const rules = listParameter<SwitchRule>(ctx.getParameter('rules', itemIndex), 'rules');
  const options = readConditionOptions(ctx, itemIndex);
  const all = ctx.getParameter('options.allMatchingOutputs', itemIndex, false);
  const targets: number[] = [];
  for (const [index, rule] of rules.entries()) {
    if (!matchesConditions(rule.conditions, options, itemIndex)) continue;
    targets.push(index);
    if (!all) return targets;
  }
  if (targets.length > 0) return targets;
  const fallback = ctx.getParameter<unknown>('options.fallbackOutput', itemIndex, 'none');
  if (fallback === 'none') return [];
  if (fallback === 'extra') return [ruleCount];
  return [outputIndex(fallback, ruleCount, 'fallback output', itemIndex)];
}

/** Switch: routes each item to one of several outputs by rules or by a computed index. */
export const switchNode = defineNode({
  type: 'core.switch',
  version: 1,
  displayName: 'Switch',
  description: 'Routes items to different outputs by rules or an expression',
  group: 'logic',
  inputs: [{ kind: 'main' }],
  outputs: [],
  dynamicOutputs: true,
  properties,
  resolveOutputs,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const mode = ctx.getParameter<string>('mode', 0);
    if (mode !== 'rules' && mode !== 'expression') {
      throw invalidParameter(`"mode" must be rules or expression, not ${JSON.stringify(mode)}`);
    }
    const outputs: Item[][] = resolveOutputs(ctx.getParameters(0)).map(() => []);
    const ruleCount = listParameter(ctx.getParameter('rules', 0), 'rules').length;
    items.forEach((item, itemIndex) => {
      const targets =
        mode === 'expression'
          ? [outputIndex(ctx.getParameter('output', itemIndex), outputs.length, 'output', itemIndex)]
          : ruleTargets(ctx, itemIndex, ruleCount);
      for (const target of targets) outputs[target]?.push(withPair(item, itemIndex));
    });
    return outputs;
  },
});
