import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateWorkflow, callWebhook, metricValue } from './server-actions.js';
import { eventually, removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { link, node, simpleWebhookWorkflow, workflow } from './workflow-fixtures.js';

describe('GET /metrics after real executions', () => {
  let t: TestServer & { schema?: string };

  beforeAll(async () => {
    t = await startTestServer();
    await activateWorkflow(t, simpleWebhookWorkflow('ok', 'ok'));
    await activateWorkflow(
      t,
      workflow(
        'broken',
        [
          node('hook', 'core.webhook', { httpMethod: 'POST', path: 'broken', responseMode: 'lastNode' }),
          node('boom', 'core.stopAndError', { errorMessage: 'always' }),
        ],
        [link('hook', 'boom')],
      ),
    );
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('counts executions by status and mode, times them, and reports queue, webhook and HTTP figures', async () => {
    for (let index = 0; index < 3; index++)
      expect((await callWebhook(t, 'ok', { name: 'm', value: index })).status).toBe(200);
    expect((await callWebhook(t, 'broken')).status).toBe(500);
    expect((await t.api('GET', '/api/v1/workflows/ok')).status).toBe(200);

    // Public: no key, and the Prometheus text format.
    const text = await eventually(async () => {
      const response = await fetch(`${t.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const body = await response.text();
      // The last webhook's latency is observed just after its answer went out.
      const latencies = metricValue(body, 'klikkflow_webhook_latency_seconds_count', {
        method: 'POST',
        status_code: '500',
      });
      return latencies === 1 ? body : undefined;
    });
    const value = (name: string, labels: Record<string, string> = {}) => metricValue(text, name, labels);

    expect(value('klikkflow_executions_total', { status: 'success', mode: 'webhook' })).toBe(3);
    expect(value('klikkflow_executions_total', { status: 'error', mode: 'webhook' })).toBe(1);
    expect(value('klikkflow_execution_duration_seconds_count', { status: 'success' })).toBe(3);
    expect(value('klikkflow_execution_duration_seconds_bucket', { status: 'success', le: '+Inf' })).toBe(3);
    expect(value('klikkflow_execution_duration_seconds_sum', { status: 'success' })).toBeGreaterThanOrEqual(
      0,
    );
    expect(value('klikkflow_queue_depth')).toBe(0);
    expect(value('klikkflow_executions_active')).toBe(0);
    expect(value('klikkflow_webhook_latency_seconds_count', { method: 'POST', status_code: '200' })).toBe(3);
    expect(
      value('klikkflow_webhook_latency_seconds_bucket', { method: 'POST', status_code: '200', le: '+Inf' }),
    ).toBe(3);
    expect(
      value('klikkflow_http_requests_total', { method: 'POST', route: '/webhook/*', status_code: '200' }),
    ).toBe(3);
    expect(
      value('klikkflow_http_requests_total', { method: 'POST', route: '/webhook/*', status_code: '500' }),
    ).toBe(1);
    expect(
      value('klikkflow_http_requests_total', {
        method: 'GET',
        route: '/api/v1/workflows/:id',
        status_code: '200',
      }),
    ).toBe(1);
    // Process metrics keep their conventional names.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });
});
