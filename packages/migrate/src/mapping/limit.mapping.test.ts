import { limitNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { limitExport, limitMappings } from './limit.mapping.js';

const type = 'n8n-nodes-base.limit';
const importLimit = (parameters: Record<string, unknown>) => mapN8nNode(limitMappings, type, 1, parameters);
const items = [{ n: 1 }, { n: 2 }, { n: 3 }];

describe('Limit v1 → core.limit', () => {
  it('keeps the last items (from the "Hacker News to Video" template)', async () => {
    const { parameters } = importLimit({ keep: 'lastItems', maxItems: 2 });
    expect(jsonOf((await runNative(limitNode, parameters, { items })).outputs[0])).toEqual([
      { n: 2 },
      { n: 3 },
    ]);
  });

  it('keeps the first item by default', async () => {
    const { parameters } = importLimit({});
    expect(parameters).toEqual({ maxItems: 1, keep: 'firstItems' });
    expect(jsonOf((await runNative(limitNode, parameters, { items })).outputs[0])).toEqual([{ n: 1 }]);
  });

  it('exports unchanged as Limit v1', () => {
    expect(limitExport).toEqual({ nativeType: 'core.limit', n8nType: type, typeVersion: 1 });
  });
});
