import { defineNode } from '@klikkflow/plugin-sdk';

/** Starts a workflow by hand (editor "Execute workflow" button, `klikkflow run`). */
export const manualTriggerNode = defineNode({
  type: 'core.manualTrigger',
  version: 1,
  displayName: 'Manual Trigger',
  description: 'Starts the workflow when you run it by hand',
  group: 'trigger',
  isTrigger: true,
  triggerModes: ['manual', 'cli', 'trigger', 'retry'],
  inputs: [],
  outputs: [{ kind: 'main' }],
  properties: [],
  // The engine hands a trigger its trigger items on input 0; a manual run emits them unchanged.
  execute: async (_ctx, inputs) => [inputs[0] ?? []],
});
