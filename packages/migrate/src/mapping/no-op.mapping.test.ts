import { noOpNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { noOpExport, noOpMappings } from './no-op.mapping.js';

describe('No Operation v1 → core.noOp', () => {
  it('passes the items on and exports unchanged', async () => {
    const { parameters, nativeType } = mapN8nNode(noOpMappings, 'n8n-nodes-base.noOp', 1, {});
    expect(nativeType).toBe('core.noOp');
    const { outputs } = await runNative(noOpNode, parameters, { items: [{ a: 1 }, { a: 2 }] });
    expect(jsonOf(outputs[0])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(noOpExport).toEqual({ nativeType: 'core.noOp', n8nType: 'n8n-nodes-base.noOp', typeVersion: 1 });
  });
});
