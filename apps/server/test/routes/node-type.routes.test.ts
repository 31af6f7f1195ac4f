import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('node type routes', () => {
  it('lists every registered type and version with its serialisable description', async () => {
    const response = await harness.call({ method: 'GET', url: '/api/v1/node-types' });
    expect(response.statusCode).toBe(200);
    const data: Record<string, unknown>[] = response.json().data;
    expect(data).toHaveLength(harness.context.registry.list().length);
    const trigger = data.find((type) => type.type === 'core.manualTrigger');
    expect(trigger).toEqual({
      type: 'core.manualTrigger',
      version: 1,
      displayName: 'Manual Trigger',
      description: 'Starts the workflow when you run it by hand',
      group: 'trigger',
      inputs: [],
      outputs: [{ kind: 'main' }],
      properties: [],
      isTrigger: true,
      triggerModes: ['manual', 'cli', 'trigger', 'retry'],
    });
    const http = data.find((type) => type.type === 'core.httpRequest');
    expect(http).toMatchObject({ isTrigger: false, credentials: expect.any(Array) });
    // Only the description: no functions, nor server-side settings such as the HTTP node's rawParameters.
    const described = new Set([
      ...['type', 'version', 'displayName', 'description', 'group', 'inputs', 'outputs', 'properties'],
      ...['credentials', 'dynamicOutputs', 'isTrigger', 'triggerModes'],
    ]);
    for (const type of data) expect(Object.keys(type).filter((key) => !described.has(key))).toEqual([]);
    const keys = data.map((type) => `${type.type}@${type.version}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers the versions of one type, 404 NODE_TYPE_NOT_FOUND for an unknown one', async () => {
    const response = await harness.call({ method: 'GET', url: '/api/v1/node-types/core.noOp' });
    expect(response.statusCode).toBe(200);
    expect(
      response.json().data.map((type: { type: string; version: number }) => [type.type, type.version]),
    ).toEqual([['core.noOp', 1]]);
    const missing = await harness.call({ method: 'GET', url: '/api/v1/node-types/core.nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NODE_TYPE_NOT_FOUND');
  });

  it('refuses anonymous callers', async () => {
    const response = await harness.call({ method: 'GET', url: '/api/v1/node-types', anonymous: true });
    expect(response.statusCode).toBe(401);
  });
});
