import { defineNode, withDefaults } from '@klikkflow/plugin-sdk';
import { type PortSpec, type PropertySpec, UserError } from '@klikkflow/types';

const properties: PropertySpec[] = [
  {
    name: 'sourceType',
    displayName: 'Original Node Type',
    type: 'string',
    default: '',
    description: 'The node type this placeholder stands for, e.g. "n8n-nodes-base.googleSheets"',
  },
  {
    name: 'sourceVersion',
    displayName: 'Original Type Version',
    type: 'number',
    default: 1,
    description: 'The type version of the original node',
  },
  {
    name: 'reason',
    displayName: 'Why It Is a Placeholder',
    type: 'string',
    default: '',
    description: 'What KlikkFlow lacks to run the original node',
  },
  {
    name: 'sourceParameters',
    displayName: 'Original Parameters',
    type: 'json',
    default: {},
    description: 'The original parameters, kept so the node can be rebuilt or exported again',
  },
  {
    name: 'inputs',
    displayName: 'Inputs',
    type: 'number',
    default: 1,
    description: 'How many main inputs the original node has (as wired in the workflow)',
  },
  {
    name: 'outputs',
    displayName: 'Outputs',
    type: 'number',
    default: 1,
    description: 'How many main outputs the original node has (as wired in the workflow)',
  },
];

function ports(value: unknown): PortSpec[] {
  const count = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, 64) : 1;
  return Array.from({ length: count }, () => ({ kind: 'main' }));
}

/**
 * Stands in for a node type KlikkFlow cannot run (an imported n8n node without a KlikkFlow equivalent).
 * It keeps the original type, version, parameters and wiring, so the rest of the workflow can be inspected
 * and edited, and fails with a message naming the type when an execution reaches it.
 */
export const placeholderNode = defineNode({
  type: 'core.placeholder',
  version: 1,
  displayName: 'Unsupported Node (placeholder)',
  description: 'Stands in for an imported node type KlikkFlow cannot run; fails when reached',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  dynamicOutputs: true,
  properties,
  resolveInputs: (parameters) => ports(withDefaults(properties, parameters).inputs),
  resolveOutputs: (parameters) => ports(withDefaults(properties, parameters).outputs),
  async execute(ctx) {
    const type = ctx.getParameter<string>('sourceType', 0);
    const version = ctx.getParameter<number>('sourceVersion', 0);
    const reason = ctx.getParameter<string>('reason', 0);
    throw new UserError(
      'NODE_TYPE_UNSUPPORTED',
      `node type "${type}" (version ${version}) is not supported by KlikkFlow` +
        (reason ? `: ${reason}` : '') +
        '; replace this placeholder with a supported node',
      { details: { sourceType: type, sourceVersion: version } },
    );
  },
});
