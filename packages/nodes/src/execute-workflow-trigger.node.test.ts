import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { executeWorkflowTriggerNode } from './execute-workflow-trigger.node.js';

const given = [{ json: { id: '7', active: 'true', extra: 'dropped', tags: '["a"]' } }];

describe('core.executeWorkflowTrigger', () => {
  it('passes the caller items through by default', async () => {
    expect((await runNode(executeWorkflowTriggerNode, { inputs: [given] })).outputs).toEqual([given]);
  });

  it('keeps only declared workflow inputs, converted to their types, missing ones as null', async () => {
    const { outputs } = await runNode(executeWorkflowTriggerNode, {
      inputs: [given],
      parameters: {
        inputSource: 'workflowInputs',
        workflowInputs: {
          values: [
            { name: 'id', type: 'number' },
            { name: 'active', type: 'boolean' },
            { name: 'tags', type: 'array' },
            { name: 'raw', type: 'any' },
            { name: 'id2' },
          ],
        },
      },
    });
    expect(outputs).toEqual([
      [{ json: { id: 7, active: true, tags: ['a'], raw: null, id2: null }, pairedItem: { item: 0 } }],
    ]);
  });

  it('fails naming the field and item when a value does not convert', async () => {
    const error = await runNodeExpectingError(executeWorkflowTriggerNode, {
      inputs: [given],
      parameters: { inputSource: 'workflowInputs', workflowInputs: [{ name: 'extra', type: 'number' }] },
    });
    expect(error).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: 'field "extra" (item 0): cannot convert string "dropped" to number',
    });
  });

  it('rejects unnamed inputs and an unknown input source', async () => {
    const unnamed = await runNodeExpectingError(executeWorkflowTriggerNode, {
      inputs: [given],
      parameters: { inputSource: 'workflowInputs', workflowInputs: [{ type: 'string' }] },
    });
    expect(unnamed.message).toBe('workflow input 0 has no name');
    const source = await runNodeExpectingError(executeWorkflowTriggerNode, {
      inputs: [given],
      parameters: { inputSource: 'x' },
    });
    expect(source.code).toBe('NODE_PARAMETER_INVALID');
  });
});
