import { defineNode } from '@klikkflow/plugin-sdk';

/**
 * Error Trigger: starts an error workflow. When a workflow that names this one as its error workflow
 * fails, the server runs it with one item `{ execution: { id, error: { message, stack }, lastNodeExecuted,
 * mode }, workflow: { id, name } }`; a run emits the trigger items it is given.
 */
export const errorTriggerNode = defineNode({
  type: 'core.errorTrigger',
  version: 1,
  displayName: 'Error Trigger',
  description: 'Starts the workflow when another workflow fails',
  group: 'trigger',
  isTrigger: true,
  triggerModes: ['manual', 'trigger'],
  inputs: [],
  outputs: [{ kind: 'main' }],
  properties: [],
  execute: async (_ctx, inputs) => [inputs[0] ?? []],
});
