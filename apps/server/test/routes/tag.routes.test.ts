import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainWorkflow, createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
});

afterEach(async () => {
  await harness.close();
});

const createTag = (name: unknown) => harness.call({ method: 'POST', url: '/api/v1/tags', payload: { name } });

describe('tag routes', () => {
  it('creates, lists with usage, renames everywhere and deletes', async () => {
    const created = await createTag('billing');
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    await harness.call({
      method: 'POST',
      url: '/api/v1/workflows',
      payload: { ...chainWorkflow('wf-1'), tags: ['billing'] },
    });
    const list = await harness.call({ method: 'GET', url: '/api/v1/tags' });
    expect(list.json().data).toEqual([{ id, name: 'billing', createdAt: expect.any(Number), usageCount: 1 }]);

    const renamed = await harness.call({
      method: 'PATCH',
      url: `/api/v1/tags/${id}`,
      payload: { name: 'finance' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id, name: 'finance' });
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json().tags).toEqual([
      'finance',
    ]);

    expect((await harness.call({ method: 'DELETE', url: `/api/v1/tags/${id}` })).statusCode).toBe(204);
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json().tags).toEqual([]);
  });

  it('answers 409 for a taken name, 404 TAG_NOT_FOUND for an unknown id', async () => {
    await createTag('billing');
    const again = await createTag('billing');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DB_CONFLICT');
    for (const [method, payload] of [
      ['PATCH', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await harness.call({ method, url: '/api/v1/tags/nope', ...(payload && { payload }) });
      expect(response.statusCode, method).toBe(404);
      expect(response.json().code).toBe('TAG_NOT_FOUND');
    }
  });

  it('validates bodies: wrong type, blank name, unknown field', async () => {
    const wrongType = await createTag(5);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'body.name' }] },
    });
    expect((await createTag('   ')).statusCode).toBe(400);
    const extra = await harness.call({
      method: 'POST',
      url: '/api/v1/tags',
      payload: { name: 'a', colour: 'red' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().code).toBe('VALIDATION_FAILED');
    expect((await harness.call({ method: 'GET', url: '/api/v1/tags' })).json().data).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/tags',
      payload: { name: 'a' },
      anonymous: true,
    });
    expect(response.statusCode).toBe(401);
  });
});
