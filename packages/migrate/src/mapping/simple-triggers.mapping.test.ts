import { errorTriggerNode, manualTriggerNode } from '@klikkflow/nodes';
import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { simpleTriggerExports, simpleTriggerMappings } from './simple-triggers.mapping.js';

describe('Manual Trigger, Start and Error Trigger', () => {
  it('become native triggers without parameters that pass their trigger items on', async () => {
    const cases = [
      ['manualTrigger', 'core.manualTrigger', manualTriggerNode],
      ['start', 'core.manualTrigger', manualTriggerNode],
      ['errorTrigger', 'core.errorTrigger', errorTriggerNode],
    ] as const;
    for (const [type, nativeType, node] of cases) {
      const mapped = mapN8nNode(simpleTriggerMappings, `n8n-nodes-base.${type}`, 1, { notice: '' });
      expect(mapped).toEqual({ nativeType, parameters: {}, warnings: [] });
      const trigger = {
        execution: { id: '7', error: { message: 'boom' } },
        workflow: { id: 'w', name: 'W' },
      };
      const { outputs } = await runNode(node, { parameters: mapped.parameters, items: [trigger] });
      expect(outputs[0]?.[0]?.json).toEqual(trigger);
    }
  });

  it('export to their n8n types', () => {
    expect(exportNativeNode(simpleTriggerExports, 'core.manualTrigger', {})).toEqual({
      n8nType: 'n8n-nodes-base.manualTrigger',
      typeVersion: 1,
      parameters: {},
    });
    expect(exportNativeNode(simpleTriggerExports, 'core.errorTrigger', {}).n8nType).toBe(
      'n8n-nodes-base.errorTrigger',
    );
  });
});
