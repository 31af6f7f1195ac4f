import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainWorkflow, createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
  const created = await harness.call({
    method: 'POST',
    url: '/api/v1/workflows',
    payload: chainWorkflow('wf-run', [{ type: 'core.noOp' }, { type: 'core.noOp' }]),
  });
  expect(created.statusCode, created.body).toBe(201);
});

afterEach(async () => {
  await harness.close();
});

const run = (payload?: Record<string, unknown>) =>
  harness.call({ method: 'POST', url: '/api/v1/workflows/wf-run/run', ...(payload && { payload }) });

describe('POST /workflows/:id/run', () => {
  it('answers 201 with the execution id at once, and the execution is stored and runs', async () => {
    const response = await run();
    expect(response.statusCode).toBe(201);
    const { executionId } = response.json();
    expect(typeof executionId).toBe('string');
    await harness.idle();
    const execution = await harness.call({ method: 'GET', url: `/api/v1/executions/${executionId}` });
    expect(execution.json()).toMatchObject({ workflowId: 'wf-run', mode: 'manual', status: 'success' });
  });

  it('with wait: true answers 200 with the status and the json of the last node output', async () => {
    const response = await run({
      wait: true,
      triggerItems: [{ json: { order: 1 } }, { json: { order: 2 } }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      executionId: expect.any(String),
      status: 'success',
      data: [{ order: 1 }, { order: 2 }],
    });
  });

  it('uses the pinned data of the request for this run only', async () => {
    const response = await run({ wait: true, pinData: { n1: [{ json: { pinned: true } }] } });
    expect(response.json().data).toEqual([{ pinned: true }]);
    const stored = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-run' });
    expect(stored.json().definition.pinData).toBeUndefined();
  });

  it('reports a failed run with its error', async () => {
    await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/wf-run',
      payload: chainWorkflow('wf-run', [
        { type: 'core.stopAndError', parameters: { errorMessage: 'no stock' } },
      ]),
    });
    const response = await run({ wait: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'error', data: [], error: { message: 'no stock' } });
  });

  it('refuses unknown fields, pinned data and start nodes the workflow does not have', async () => {
    const unknownField = await run({ wiat: true });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().code).toBe('VALIDATION_FAILED');
    const wrongType = await run({ wait: 'yes' });
    expect(wrongType.json().details.issues[0].path).toBe('body.wait');
    const pinned = await run({ pinData: { ghost: [{ json: {} }] } });
    expect(pinned.statusCode).toBe(400);
    expect(pinned.json().code).toBe('WORKFLOW_INVALID');
    const start = await run({ startNodeId: 'ghost' });
    expect(start.statusCode).toBe(400);
    expect(start.json()).toMatchObject({ code: 'RUN_NODE_UNKNOWN', details: { field: 'startNodeId' } });
    const list = await harness.call({ method: 'GET', url: '/api/v1/executions' });
    expect(list.json().data).toEqual([]);
  });

  it('answers 404 for an unknown workflow', async () => {
    const response = await harness.call({ method: 'POST', url: '/api/v1/workflows/nope/run' });
    expect(response.statusCode).toBe(404);
  });
});

describe('POST /workflows/:id/test-webhook', () => {
  it('asks the trigger service to listen for the stored definition', async () => {
    const response = await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-run/test-webhook' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ paths: ['test/wf-run'], expiresAt: 1_700_000_000_000 });
    expect(harness.triggers.calls).toEqual([
      { method: 'listenForTest', workflow: expect.objectContaining({ id: 'wf-run' }) },
    ]);
  });
});
