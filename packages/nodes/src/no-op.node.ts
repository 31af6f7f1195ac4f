import { defineNode } from '@klikkflow/plugin-sdk';
import { pairEach } from './shared/paired-items.js';

/** Does nothing: passes its items on. Useful as a named junction or placeholder. */
export const noOpNode = defineNode({
  type: 'core.noOp',
  version: 1,
  displayName: 'No Operation, do nothing',
  description: 'Passes its input items on unchanged',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [],
  execute: async (_ctx, inputs) => [pairEach(inputs[0] ?? [])],
});
