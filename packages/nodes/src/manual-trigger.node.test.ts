import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { manualTriggerNode } from './manual-trigger.node.js';

describe('core.manualTrigger', () => {
  it('emits the trigger items it is given', async () => {
    const trigger = [{ json: { started: true } }];
    expect((await runNode(manualTriggerNode, { inputs: [trigger] })).outputs).toEqual([trigger]);
  });

  it('emits nothing when given no input', async () => {
    expect((await runNode(manualTriggerNode, { inputs: [] })).outputs).toEqual([[]]);
  });
});
