import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('variable routes', () => {
  it('creates, updates and deletes, reloading what executions see after each change', async () => {
    const created = await harness.call({
      method: 'POST',
      url: '/api/v1/variables',
      payload: { key: 'region', value: 'eu' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(harness.context.variables()).toEqual({ region: 'eu' });

    const updated = await harness.call({
      method: 'PATCH',
      url: `/api/v1/variables/${id}`,
      payload: { value: 'us' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id, key: 'region', value: 'us' });
    expect(harness.context.variables()).toEqual({ region: 'us' });

    const list = await harness.call({ method: 'GET', url: '/api/v1/variables' });
    expect(list.json().data).toEqual([updated.json()]);

    expect((await harness.call({ method: 'DELETE', url: `/api/v1/variables/${id}` })).statusCode).toBe(204);
    expect(harness.context.variables()).toEqual({});
    expect(harness.variableReloads()).toBe(3);
  });

  it('answers 409 for a taken key, 400 for a key that is no identifier, 404 for an unknown id', async () => {
    await harness.call({ method: 'POST', url: '/api/v1/variables', payload: { key: 'region', value: 'eu' } });
    const taken = await harness.call({
      method: 'POST',
      url: '/api/v1/variables',
      payload: { key: 'region', value: 'x' },
    });
    expect(taken.statusCode).toBe(409);
    const invalid = await harness.call({
      method: 'POST',
      url: '/api/v1/variables',
      payload: { key: 'a-b', value: 'x' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('VARIABLE_KEY_INVALID');
    for (const [method, payload] of [
      ['PATCH', { value: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await harness.call({
        method,
        url: '/api/v1/variables/nope',
        ...(payload && { payload }),
      });
      expect(response.statusCode, method).toBe(404);
      expect(response.json().code).toBe('VARIABLE_NOT_FOUND');
    }
    expect(harness.context.variables()).toEqual({ region: 'eu' });
  });

  it('validates bodies', async () => {
    for (const payload of [{ key: 'a' }, { key: 'a', value: 1 }, { key: 'a', value: 'b', secret: true }]) {
      const response = await harness.call({ method: 'POST', url: '/api/v1/variables', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect(harness.variableReloads()).toBe(0);
  });

  it('refuses anonymous callers', async () => {
    const response = await harness.call({ method: 'GET', url: '/api/v1/variables', anonymous: true });
    expect(response.statusCode).toBe(401);
  });
});
