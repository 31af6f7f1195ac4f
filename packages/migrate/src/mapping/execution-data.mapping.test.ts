import { executionDataNode } from '@klikkflow/nodes';
import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { executionDataExport, executionDataMappings } from './execution-data.mapping.js';

describe('Execution Data', () => {
  const n8n = {
    dataToSave: {
      values: [
        { key: 'eventType', value: 'signup' },
        { key: 'email', value: 'ada@example.com' },
      ],
    },
  };

  it('v1 and v1.1 save their key/value pairs with the execution and pass the items on', async () => {
    for (const version of [1, 1.1]) {
      const { parameters } = mapN8nNode(executionDataMappings, 'n8n-nodes-base.executionData', version, {
        operation: 'save',
        ...n8n,
      });
      const { customData, outputs } = await runNode(executionDataNode, { parameters, items: [{ a: 1 }] });
      expect(customData).toEqual({ eventType: 'signup', email: 'ada@example.com' });
      expect(outputs[0]?.[0]?.json).toEqual({ a: 1 });
    }
  });

  it('exports as 1.1 with the same list', () => {
    const native = mapN8nNode(executionDataMappings, 'n8n-nodes-base.executionData', 1.1, n8n).parameters;
    expect(exportNativeNode([executionDataExport], 'core.executionData', native)).toEqual({
      n8nType: 'n8n-nodes-base.executionData',
      typeVersion: 1.1,
      parameters: n8n,
    });
  });
});
