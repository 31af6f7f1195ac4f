import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainWorkflow, createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
  for (const file of [
    chainWorkflow('ok'),
    chainWorkflow('fails', [{ type: 'core.stopAndError', parameters: { errorMessage: 'boom' } }]),
    chainWorkflow('waits', [{ type: 'core.wait', parameters: { resume: 'webhook' } }]),
  ]) {
    const created = await harness.call({ method: 'POST', url: '/api/v1/workflows', payload: file });
    expect(created.statusCode, created.body).toBe(201);
  }
});

afterEach(async () => {
  await harness.close();
});

/** Runs a workflow to its end (or until it parks) and returns the execution id. */
async function runToEnd(workflowId: string): Promise<string> {
  const response = await harness.call({
    method: 'POST',
    url: `/api/v1/workflows/${workflowId}/run`,
    payload: { wait: true },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().executionId;
}

/** A stored execution that is running in no process, as one left by a crash looks. */
async function storedRunning(): Promise<string> {
  const { definition } = (await harness.context.repos.workflows.get('ok'))!;
  const id = randomUUID();
  await harness.context.repos.executions.create({
    id,
    workflowId: 'ok',
    mode: 'manual',
    status: 'running',
    workflow: definition,
    start: {},
    createdAt: Date.now(),
  });
  return id;
}

const get = (id: string) => harness.call({ method: 'GET', url: `/api/v1/executions/${id}` });

describe('execution routes: read', () => {
  it('shows an execution with its run data and workflow snapshot', async () => {
    const id = await runToEnd('ok');
    const response = await get(id);
    expect(response.statusCode).toBe(200);
    const execution = response.json();
    expect(execution).toMatchObject({ id, workflowId: 'ok', status: 'success', mode: 'manual' });
    expect(Object.keys(execution.data.runData).sort()).toEqual(['n1', 'start']);
    expect(execution.data.runData.n1[0]).toMatchObject({ status: 'success', outputs: [[{ json: {} }]] });
    expect(execution.data.workflow.id).toBe('ok');
  });

  it('answers 404 EXECUTION_NOT_FOUND for unknown ids', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/executions/nope'],
      ['DELETE', '/api/v1/executions/nope'],
      ['POST', '/api/v1/executions/nope/retry'],
      ['POST', '/api/v1/executions/nope/cancel'],
    ] as const) {
      const response = await harness.call({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('EXECUTION_NOT_FOUND');
    }
  });

  it('lists by status (comma list) and workflow, page by page', async () => {
    const ok = [await runToEnd('ok'), await runToEnd('ok'), await runToEnd('ok')];
    const failed = await runToEnd('fails');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await harness.call({ method: 'GET', url: `/api/v1/executions?limit=2${after}` })).json();
      seen.push(...page.data.map((execution: { id: string }) => execution.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seen].sort()).toEqual([...ok, failed].sort());

    const ids = async (query: string) =>
      (await harness.call({ method: 'GET', url: `/api/v1/executions?${query}` }))
        .json()
        .data.map((execution: { id: string }) => execution.id);
    expect(await ids('status=error')).toEqual([failed]);
    expect((await ids('status=error,success')).sort()).toEqual([...ok, failed].sort());
    expect(await ids('workflowId=fails')).toEqual([failed]);
    expect(await ids('status=waiting')).toEqual([]);
  });

  it('refuses an unknown status or query parameter', async () => {
    for (const query of ['status=done', 'status=', 'workflow=ok']) {
      const response = await harness.call({ method: 'GET', url: `/api/v1/executions?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('execution routes: delete', () => {
  it('deletes an execution that has ended', async () => {
    const id = await runToEnd('ok');
    const response = await harness.call({ method: 'DELETE', url: `/api/v1/executions/${id}` });
    expect(response.statusCode).toBe(204);
    expect((await get(id)).statusCode).toBe(404);
  });

  it('refuses to delete one that is still running (409)', async () => {
    const id = await storedRunning();
    const response = await harness.call({ method: 'DELETE', url: `/api/v1/executions/${id}` });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('EXECUTION_STATE_CONFLICT');
    expect((await get(id)).statusCode).toBe(200);
  });

  it('deletes in bulk the ended ones, skipping live ones and ignoring unknown ids', async () => {
    const ended = [await runToEnd('ok'), await runToEnd('fails')];
    const running = await storedRunning();
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/executions/delete',
      payload: { ids: [...ended, running, 'nope', ended[0]] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ deleted: 2, skipped: [running] });
    expect((await get(ended[1]!)).statusCode).toBe(404);
    expect((await get(running)).statusCode).toBe(200);
  });

  it('validates the bulk body', async () => {
    for (const payload of [{}, { ids: [] }, { ids: 'x' }, { ids: ['a'], all: true }]) {
      const response = await harness.call({ method: 'POST', url: '/api/v1/executions/delete', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    const tooMany = Array.from({ length: 501 }, (_, index) => `id-${index}`);
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/executions/delete',
      payload: { ids: tooMany },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('execution routes: retry and cancel', () => {
  it('retries a failed execution as a new one (201)', async () => {
    const failed = await runToEnd('fails');
    const response = await harness.call({ method: 'POST', url: `/api/v1/executions/${failed}/retry` });
    expect(response.statusCode).toBe(201);
    const { executionId } = response.json();
    expect(executionId).not.toBe(failed);
    await harness.idle();
    expect((await get(executionId)).json()).toMatchObject({
      retryOf: failed,
      mode: 'retry',
      status: 'error',
    });
  });

  it('refuses to retry a successful execution (409)', async () => {
    const id = await runToEnd('ok');
    const response = await harness.call({ method: 'POST', url: `/api/v1/executions/${id}/retry` });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('EXECUTION_STATE_CONFLICT');
  });

  it('stops a waiting execution and answers the canceled record', async () => {
    const id = await runToEnd('waits');
    expect((await get(id)).json().status).toBe('waiting');
    const response = await harness.call({ method: 'POST', url: `/api/v1/executions/${id}/cancel` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, status: 'canceled', finishedAt: expect.any(Number) });
    expect(response.json().waitTill).toBeUndefined();
  });

  it('refuses to cancel an execution that has ended (409)', async () => {
    const id = await runToEnd('ok');
    const response = await harness.call({ method: 'POST', url: `/api/v1/executions/${id}/cancel` });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('EXECUTION_STATE_CONFLICT');
  });

  it('refuses anonymous callers', async () => {
    const id = await runToEnd('ok');
    for (const [method, url] of [
      ['GET', '/api/v1/executions'],
      ['GET', `/api/v1/executions/${id}`],
      ['POST', `/api/v1/executions/${id}/cancel`],
    ] as const) {
      const response = await harness.call({ method, url, anonymous: true });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code).toBe('AUTH_REQUIRED');
    }
  });
});
