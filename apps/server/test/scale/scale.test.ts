import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../live-stream.js';
import {
  activateWorkflow,
  callWebhook,
  createWorkflow,
  executionIn,
  metricsText,
  metricValue,
  runAndWait,
} from '../server-actions.js';
import { eventually } from '../server-harness.js';
import {
  asyncWebhookWorkflow,
  link,
  manualChainWorkflow,
  markNode,
  node,
  simpleWebhookWorkflow,
  waitNode,
  workflow,
} from '../workflow-fixtures.js';
import { startSlowServer, startTestCluster, type TestCluster } from './scale-harness.js';

function slowNode(id: string, url: string, ms: number) {
  return node(id, 'core.httpRequest', { method: 'GET', url: `${url}/slow?ms=${ms}` });
}

describe('scale mode: a main, a webhook process and workers on PostgreSQL and Redis', () => {
  let cluster: TestCluster;
  let slow: { url: string; server: Server };

  beforeAll(async () => {
    slow = await startSlowServer();
    cluster = await startTestCluster({ workers: 2, env: { KLIKKFLOW_SHUTDOWN_TIMEOUT_MS: '200' } });
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    slow?.server.close();
  }, 60_000);

  it('runs a webhook execution on a worker and answers through the Respond to Webhook node', async () => {
    await activateWorkflow(cluster.main, simpleWebhookWorkflow('respond', 'scale-respond'));
    const response = await callWebhook(cluster.main, 'scale-respond', { name: 'a', value: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'a', value: 1, processed: true });
    const id = response.headers.get('x-klikkflow-execution-id') as string;
    const stored = await executionIn(cluster.main, id, ['success']);
    expect(stored.status).toBe('success');
  });

  it('answers a last-node webhook on a webhook-only process with the output computed on a worker', async () => {
    const hook = await cluster.addWebhook();
    const definition = workflow(
      'last-node',
      [
        node('hook', 'core.webhook', { httpMethod: 'POST', path: 'scale-last', responseMode: 'lastNode' }),
        markNode('mark', 'marked', true),
      ],
      [link('hook', 'mark')],
    );
    // Activated on the main: the webhook process learns of it through a control message.
    await activateWorkflow(cluster.main, definition);
    const response = await eventually(async () => {
      const answer = await callWebhook(hook, 'scale-last', { n: 1 });
      return answer.status === 404 ? undefined : answer;
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.marked).toBe(true);
    // The webhook process serves no API.
    expect((await fetch(`${hook.url}/api/v1/workflows`)).status).toBe(404);
    expect((await fetch(`${hook.url}/healthz`)).status).toBe(200);
  });

  it('answers onReceived only after the execution is committed, then runs it to the end', async () => {
    await activateWorkflow(
      cluster.main,
      asyncWebhookWorkflow('async', 'scale-async', [markNode('a', 'a', 1), markNode('b', 'b', 2)]),
    );
    const ids = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const response = await callWebhook(cluster.main, 'scale-async', { index });
        expect(response.status).toBe(200);
        return response.headers.get('x-klikkflow-execution-id') as string;
      }),
    );
    for (const id of ids) await executionIn(cluster.main, id, ['success'], 15_000);
    // Both workers took part (20 executions, concurrency 20 each: the queue spreads them).
    const detail = await cluster.main.api('GET', `/api/v1/executions/${ids[0]}`);
    expect(detail.body.data.runData.b[0].outputs[0][0].json).toMatchObject({ a: 1, b: 2 });
  });

  it('runs manual runs with wait on a worker and returns the last output', async () => {
    await createWorkflow(cluster.main, manualChainWorkflow('manual', [markNode('m', 'done', true)]));
    const result = await runAndWait(cluster.main, 'manual');
    expect(result.status).toBe('success');
    expect(result.data).toEqual([{ done: true }]);
  });

  it('cancels an execution running on a worker from the main', async () => {
    await createWorkflow(
      cluster.main,
      manualChainWorkflow('cancel-me', [slowNode('slow', slow.url, 20_000), markNode('after', 'after', 1)]),
    );
    const started = await cluster.main.api('POST', '/api/v1/workflows/cancel-me/run', {});
    expect(started.status).toBe(201);
    const id = started.body.executionId as string;
    await executionIn(cluster.main, id, ['running']);
    await eventually(async () => (cluster.workers.some((w) => w.runner.running > 0) ? true : undefined));
    const canceled = await cluster.main.api('POST', `/api/v1/executions/${id}/cancel`);
    expect(canceled.status, JSON.stringify(canceled.body)).toBeLessThan(300);
    const done = await executionIn(cluster.main, id, ['canceled'], 10_000);
    expect(done.data.runData.after).toBeUndefined();
  });

  it('resumes a waiting execution on any worker through its resume webhook, with the request items', async () => {
    const definition = asyncWebhookWorkflow('wait-hook', 'scale-wait', [
      waitNode('wait', { resume: 'webhook' }),
      markNode('after', 'resumed', true),
    ]);
    await activateWorkflow(cluster.main, definition);
    const call = await callWebhook(cluster.main, 'scale-wait', {});
    const id = call.headers.get('x-klikkflow-execution-id') as string;
    await executionIn(cluster.main, id, ['waiting']);
    const resumed = await fetch(`${cluster.main.url}/webhook-waiting/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answer: 42 }),
    });
    expect(resumed.status).toBe(200);
    const done = await executionIn(cluster.main, id, ['success'], 10_000);
    expect(done.data.runData.after[0].outputs[0][0].json).toMatchObject({
      resumed: true,
      body: { answer: 42 },
    });
  });

  it('drains a worker on close: its running execution resumes on another worker from the last checkpoint', async () => {
    await createWorkflow(
      cluster.main,
      manualChainWorkflow('drain', [markNode('first', 'first', 1), slowNode('slow', slow.url, 1_500)]),
    );
    const started = await cluster.main.api('POST', '/api/v1/workflows/drain/run', {});
    const id = started.body.executionId as string;
    const holder = await eventually(async () => cluster.workers.find((w) => w.runner.running > 0));
    cluster.workers.splice(cluster.workers.indexOf(holder), 1);
    // The shutdown timeout (200 ms) ends before the slow node: the run stops there and gives its lease back.
    await holder.close();
    const done = await executionIn(cluster.main, id, ['success'], 20_000);
    // The node committed before the drain did not run again; the interrupted one ran to its end once.
    expect(done.data.runData.first).toHaveLength(1);
    expect(done.data.runData.slow).toHaveLength(1);
    await cluster.addWorker();
  });

  it("streams a worker's live events to an editor connected to the main", async () => {
    await activateWorkflow(cluster.main, simpleWebhookWorkflow('live', 'scale-live'));
    const stream = await subscribe(cluster.main, '/api/v1/workflows/live/events', {
      'x-klikkflow-api-key': cluster.main.apiKey,
    });
    try {
      const response = await callWebhook(cluster.main, 'scale-live', { name: 'x', value: 2 });
      const id = response.headers.get('x-klikkflow-execution-id');
      const events = await stream.until((event) => event.type === 'executionEnd');
      expect(events.every((event) => event.executionId === id)).toBe(true);
      expect(events.map((event) => `${event.type}${event.nodeId ? `:${event.nodeId}` : ''}`)).toEqual([
        'executionStart',
        'nodeStart:hook',
        'nodeEnd:hook',
        'nodeStart:set',
        'nodeEnd:set',
        'nodeStart:respond',
        'nodeEnd:respond',
        'executionEnd',
      ]);
      expect(events.at(-1)?.status).toBe('success');
    } finally {
      stream.close();
    }
  });

  it('exposes queue and execution metrics on every role', async () => {
    const main = await metricsText(cluster.main);
    expect(metricValue(main, 'klikkflow_queue_depth')).toBeGreaterThanOrEqual(0);
    const worker = cluster.workers[0];
    const address = worker?.app.server.address() as AddressInfo;
    const text = await (await fetch(`http://127.0.0.1:${address.port}/metrics`)).text();
    expect(text).toMatch(/^klikkflow_executions_total\{status="success",mode="/m);
    expect(metricValue(text, 'klikkflow_executions_stalled_total')).toBeGreaterThanOrEqual(0);
    expect(metricValue(text, 'klikkflow_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(metricValue(text, 'klikkflow_executions_active')).toBeGreaterThanOrEqual(0);
  });
});
