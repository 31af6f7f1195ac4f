import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainWorkflow, createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('workflow routes: import', () => {
  it('creates new workflows and gives existing ones a new version', async () => {
    await harness.call({ method: 'POST', url: '/api/v1/workflows', payload: chainWorkflow('wf-1') });
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows/import',
      payload: [{ ...chainWorkflow('wf-1'), name: 'Updated' }, chainWorkflow('wf-2')],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual([
      { id: 'wf-1', name: 'Updated', created: false },
      { id: 'wf-2', name: 'Workflow wf-2', created: true },
    ]);
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json().version).toBe(2);
  });

  it('imports a single file and activates it with ?activate=true', async () => {
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows/import?activate=true',
      payload: chainWorkflow('wf-9'),
    });
    expect(response.json().data).toEqual([{ id: 'wf-9', name: 'Workflow wf-9', created: true }]);
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-9' })).json().active).toBe(true);
    expect(harness.triggers.calls).toEqual([
      { method: 'activate', workflow: expect.objectContaining({ id: 'wf-9' }) },
    ]);
  });

  it('validates every file before storing any, naming the bad one', async () => {
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows/import',
      payload: [chainWorkflow('wf-1'), { ...chainWorkflow('wf-2'), nodes: 'none' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'WORKFLOW_INVALID', details: { index: 1 } });
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).statusCode).toBe(404);
  });
});
