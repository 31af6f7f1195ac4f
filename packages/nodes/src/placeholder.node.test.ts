import { runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { placeholderNode } from './placeholder.node.js';

describe('core.placeholder', () => {
  it('fails naming the original node type, its version and the reason', async () => {
    const error = await runNodeExpectingError(placeholderNode, {
      parameters: {
        sourceType: 'n8n-nodes-base.googleSheets',
        sourceVersion: 4.5,
        reason: 'no KlikkFlow node for this type',
        sourceParameters: { operation: 'append' },
      },
    });
    expect(error.code).toBe('NODE_TYPE_UNSUPPORTED');
    expect(error.message).toContain('"n8n-nodes-base.googleSheets" (version 4.5)');
    expect(error.message).toContain('no KlikkFlow node for this type');
  });

  it('has the inputs and outputs the original node was wired with', () => {
    const parameters = { inputs: 0, outputs: 3 };
    expect(placeholderNode.resolveInputs?.(parameters)).toHaveLength(0);
    expect(placeholderNode.resolveOutputs?.(parameters)).toHaveLength(3);
    expect(placeholderNode.resolveInputs?.({})).toHaveLength(1);
    expect(placeholderNode.resolveOutputs?.({ outputs: 'x' })).toHaveLength(1);
  });
});
