import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from './live-stream.js';
import { activateWorkflow, callWebhook, createWorkflow, errorBody, runAndWait } from './server-actions.js';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { manualChainWorkflow, markNode, simpleWebhookWorkflow, waitNode } from './workflow-fixtures.js';

describe('live updates over Server-Sent Events, through the real server', () => {
  let t: TestServer & { schema?: string };
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer();
    auth = { 'x-klikkflow-api-key': t.apiKey };
    await activateWorkflow(t, simpleWebhookWorkflow('hooked', 'hooked'));
    await createWorkflow(
      t,
      manualChainWorkflow('parks', [
        waitNode('wait', { resume: 'webhook' }),
        markNode('after', 'done', true),
      ]),
    );
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('streams a workflow’s execution in order: start, each node’s start and end with item counts, end', async () => {
    const stream = await subscribe(t, '/api/v1/workflows/hooked/events', auth);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    const call = await callWebhook(t, 'hooked', { name: 'live', value: 1 });
    expect(call.status).toBe(200);
    const executionId = call.headers.get('x-klikkflow-execution-id');
    const events = await stream.until((event) => event.type === 'executionEnd');
    stream.close();

    expect(events.every((event) => event.executionId === executionId)).toBe(true);
    expect(events.map((event) => [event.type, event.nodeId ?? event.status ?? ''])).toEqual([
      ['executionStart', ''],
      ['nodeStart', 'hook'],
      ['nodeEnd', 'hook'],
      ['nodeStart', 'set'],
      ['nodeEnd', 'set'],
      ['nodeStart', 'respond'],
      ['nodeEnd', 'respond'],
      ['executionEnd', 'success'],
    ]);
    for (const event of events.filter((candidate) => candidate.type === 'nodeEnd')) {
      expect(event).toMatchObject({ status: 'success', itemCounts: [1] });
    }
  });

  it('streams one execution until its final end: past a parked wait, then closes the stream', async () => {
    const parked = await runAndWait(t, 'parks');
    expect(parked.status).toBe('waiting');
    const stream = await subscribe(t, `/api/v1/executions/${parked.executionId}/events`, auth);
    expect(stream.response.status).toBe(200);
    const resumed = await fetch(`${t.url}/webhook-waiting/${parked.executionId}`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    const events = await stream.until((event) => event.type === 'executionEnd');
    expect(events.at(-1)).toMatchObject({ type: 'executionEnd', status: 'success' });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'nodeEnd', nodeId: 'after', itemCounts: [1] }),
    );
    expect(await stream.ended()).toBe(true);

    // An execution that has ended: its end at once, then the stream closes.
    const late = await subscribe(t, `/api/v1/executions/${parked.executionId}/events`, auth);
    expect(await late.until((event) => event.type === 'executionEnd')).toHaveLength(1);
    expect(await late.ended()).toBe(true);
  });

  it('refuses anonymous subscribers (401)', async () => {
    for (const path of ['/api/v1/workflows/hooked/events', '/api/v1/executions/any/events']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(401);
      expect((await errorBody(response)).code).toBe('AUTH_REQUIRED');
    }
  });
});
