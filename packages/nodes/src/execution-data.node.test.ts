import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { executionCustomData, executionDataNode } from './execution-data.node.js';

const items = [{ json: { id: 1 } }, { json: { id: 2 } }];

describe('core.executionData', () => {
  it('passes items through and saves the data with the execution, later items overriding earlier ones', async () => {
    const { outputs, customData } = await runNode(executionDataNode, {
      items,
      parameters: (index) => ({
        dataToSave: [
          { key: 'orderId', value: `o-${index + 1}` },
          { key: 'source', value: 'shop' },
        ],
      }),
    });
    expect(outputs).toEqual([items.map((item, index) => ({ ...item, pairedItem: { item: index } }))]);
    expect(customData).toEqual({ orderId: 'o-2', source: 'shop' });
  });

  it('saves nothing when there is nothing to save', async () => {
    expect((await runNode(executionDataNode, { items })).customData).toEqual({});
  });

  it('fails on a blank key, naming the entry', async () => {
    const error = await runNodeExpectingError(executionDataNode, {
      items,
      parameters: {
        dataToSave: [
          { key: 'a', value: '1' },
          { key: ' ', value: '2' },
        ],
      },
    });
    expect(error).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"Data to Save" entry 2 has no key',
    });
  });
});

describe('executionCustomData', () => {
  it('reads a list or n8n’s values wrapper, turning values into text', () => {
    expect(
      executionCustomData({
        dataToSave: { values: [{ key: ' n ', value: 3 }, { key: 'o', value: { a: 1 } }, { key: 'e' }] },
      }),
    ).toEqual({
      n: '3',
      o: '{"a":1}',
      e: '',
    });
    expect(executionCustomData({})).toEqual({});
  });

  it('cuts keys to 50 and values to 255 characters', () => {
    const data = executionCustomData({ dataToSave: [{ key: 'k'.repeat(60), value: 'v'.repeat(300) }] });
    expect(data).toEqual({ ['k'.repeat(50)]: 'v'.repeat(255) });
  });
});
