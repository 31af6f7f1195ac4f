import { stopAndErrorNode } from '@klikkflow/nodes';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { stopAndErrorExport, stopAndErrorMappings } from './stop-and-error.mapping.js';

const type = 'n8n-nodes-base.stopAndError';
const importStop = (parameters: Record<string, unknown>) =>
  mapN8nNode(stopAndErrorMappings, type, 1, parameters);

describe('Stop and Error v1 → core.stopAndError', () => {
  it('fails with the message (from the "Fetch Dynamic Prompts" template)', async () => {
    const { parameters } = importStop({
      errorMessage: '=Missing Prompt Variables : {{ $json.missingKeys }}',
    });
    await expect(
      runNative(stopAndErrorNode, parameters, { items: [{ missingKeys: 'topic' }] }),
    ).rejects.toMatchObject({
      code: 'NODE_STOPPED',
      message: 'Missing Prompt Variables : topic',
    });
  });

  it('fails with the message of an error object', async () => {
    const { parameters } = importStop({
      errorType: 'errorObject',
      errorObject: '{"code":"404","message":"Song not found"}',
    });
    await expect(runNative(stopAndErrorNode, parameters, { items: [{}] })).rejects.toMatchObject({
      message: 'Song not found',
    });
  });

  it('exports unchanged as Stop and Error v1', () => {
    expect(stopAndErrorExport).toEqual({ nativeType: 'core.stopAndError', n8nType: type, typeVersion: 1 });
  });
});
