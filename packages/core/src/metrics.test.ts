import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('createMetrics', () => {
  it('runs each sampler before every render, so sampled gauges show the value at that moment', async () => {
    const metrics = createMetrics();
    let depth = 4;
    metrics.beforeRender(() => metrics.queueDepth.set(depth));
    expect(await metrics.render()).toContain('klikkflow_queue_depth 4');
    depth = 9;
    expect(await metrics.render()).toContain('klikkflow_queue_depth 9');
  });

  it('renders the klikkflow metrics with the values observed', async () => {
    const metrics = createMetrics();
    metrics.executionsTotal.inc({ status: 'success', mode: 'webhook' });
    metrics.executionsTotal.inc({ status: 'success', mode: 'webhook' });
    metrics.executionsTotal.inc({ status: 'error', mode: 'manual' });
    metrics.executionDuration.observe({ status: 'success' }, 0.2);
    metrics.executionsActive.set(3);
    metrics.queueDepth.set(7);
    metrics.webhookLatency.observe({ method: 'POST', status_code: '200' }, 0.004);
    metrics.httpRequests.inc({ method: 'GET', route: '/api/v1/workflows/:id', status_code: '404' });
    metrics.scheduleSlots.inc({ outcome: 'duplicate' });
    metrics.executionsStalled.inc();
    metrics.executionsRecovered.inc(2);
    metrics.executionsQuarantined.inc();

    const text = await metrics.render();
    const lines = text.split('\n');
    for (const expected of [
      'klikkflow_executions_total{status="success",mode="webhook"} 2',
      'klikkflow_executions_total{status="error",mode="manual"} 1',
      'klikkflow_execution_duration_seconds_bucket{le="0.1",status="success"} 0',
      'klikkflow_execution_duration_seconds_bucket{le="0.25",status="success"} 1',
      'klikkflow_execution_duration_seconds_count{status="success"} 1',
      'klikkflow_executions_active 3',
      'klikkflow_queue_depth 7',
      'klikkflow_webhook_latency_seconds_bucket{le="0.005",method="POST",status_code="200"} 1',
      'klikkflow_http_requests_total{method="GET",route="/api/v1/workflows/:id",status_code="404"} 1',
      'klikkflow_schedule_slots_total{outcome="duplicate"} 1',
      'klikkflow_executions_stalled_total 1',
      'klikkflow_executions_recovered_total 2',
      'klikkflow_executions_quarantined_total 1',
    ]) {
      expect(lines).toContain(expected);
    }
    expect(text).toMatch(/^# TYPE klikkflow_execution_duration_seconds histogram$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('uses histogram buckets from 1 ms to 60 s', async () => {
    const metrics = createMetrics();
    metrics.executionDuration.observe({ status: 'success' }, 61);
    const text = await metrics.render();
    expect(text).toContain('klikkflow_execution_duration_seconds_bucket{le="0.001",status="success"} 0');
    expect(text).toContain('klikkflow_execution_duration_seconds_bucket{le="60",status="success"} 0');
    expect(text).toContain('klikkflow_execution_duration_seconds_bucket{le="+Inf",status="success"} 1');
  });

  it('gives each instance its own registry, apart from the global one', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.executionsTotal.inc({ status: 'success', mode: 'manual' }, 5);
    first.queueDepth.set(9);
    expect(second.registry).not.toBe(first.registry);
    const secondText = await second.render();
    expect(secondText).toContain('# TYPE klikkflow_executions_total counter');
    expect(secondText).not.toContain('klikkflow_executions_total{');
    expect(secondText).toContain('klikkflow_queue_depth 0');
    expect(await first.render()).toContain('klikkflow_executions_total{status="success",mode="manual"} 5');
    expect(globalRegistry.getSingleMetric('klikkflow_executions_total')).toBeUndefined();
  });
});
