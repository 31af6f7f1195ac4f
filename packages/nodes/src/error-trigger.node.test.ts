import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { errorTriggerNode } from './error-trigger.node.js';

describe('core.errorTrigger', () => {
  it('emits the failure item the server gives it', async () => {
    const failure = [
      {
        json: {
          execution: {
            id: 'e1',
            error: { message: 'boom', stack: 'Error: boom' },
            lastNodeExecuted: 'HTTP',
            mode: 'trigger',
          },
          workflow: { id: 'w1', name: 'Orders' },
        },
      },
    ];
    expect((await runNode(errorTriggerNode, { inputs: [failure] })).outputs).toEqual([failure]);
  });

  it('emits nothing without input, and starts only manual and trigger runs', async () => {
    expect((await runNode(errorTriggerNode, { inputs: [] })).outputs).toEqual([[]]);
    expect(errorTriggerNode.triggerModes).toEqual(['manual', 'trigger']);
  });
});
