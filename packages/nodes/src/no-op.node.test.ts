import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { noOpNode } from './no-op.node.js';

describe('core.noOp', () => {
  it('passes items on unchanged, paired to their input', async () => {
    const binary = { f: { id: 'b', mimeType: 'text/plain' } };
    const { outputs } = await runNode(noOpNode, {
      inputs: [[{ json: { a: 1 } }, { json: { b: 2 }, binary }]],
    });
    expect(outputs).toEqual([
      [
        { json: { a: 1 }, pairedItem: { item: 0 } },
        { json: { b: 2 }, binary, pairedItem: { item: 1 } },
      ],
    ]);
  });
});
