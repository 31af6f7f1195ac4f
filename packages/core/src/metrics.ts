import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { type HotHistogram, hotHistogram } from './hot-histogram.js';
import { labelSeries } from './label-series.js';

/** Histogram buckets in seconds, from 1 ms to 60 s: short node chains up to long webhook-held executions. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Where a schedule slot went: fired, skipped by the catch-up policy, or already fired by another main (G8). */
export type ScheduleSlotOutcome = 'fired' | 'skipped' | 'duplicate';

/**
 * A counter bumped on every request or execution. Increments are summed per set of label values
 * ({@link labelSeries}) and added to the prom-client counter when the metrics are rendered: prom-client
 * validates and hashes the labels on every `inc`, which showed in profiles of the webhook path. There is
 * one entry per set of label values, as in the counter itself.
 */
export interface HotCounter<L extends string> {
  /** Adds `value` (default 1) for these label values. */
  inc(labels: Record<L, string>, value?: number): void;
}

function hotCounter<L extends string>(
  counter: Counter<L>,
  labelNames: readonly L[],
  samplers: (() => void)[],
): HotCounter<L> {
  const pending = labelSeries(labelNames, (labels) => ({ labels, count: 0 }));
  samplers.push(() => {
    for (const { labels, count } of pending.all()) counter.inc(labels, count);
    pending.clear();
  });
  return {
    inc(labels, value = 1) {
      pending.of(labels).count += value;
    },
  };
}

/** The application's Prometheus metrics, bound to their own registry. */
export interface Metrics {
  /** This instance's registry, holding the metrics below and the default process metrics. */
  registry: Registry;
  /** `klikkflow_executions_total{status, mode}`: finished executions. */
  executionsTotal: HotCounter<'status' | 'mode'>;
  /** `klikkflow_execution_duration_seconds{status}`. */
  executionDuration: HotHistogram<'status'>;
  /** `klikkflow_executions_active`: executions running now. */
  executionsActive: Gauge;
  /** `klikkflow_queue_depth`: jobs accepted but not started. */
  queueDepth: Gauge;
  /** `klikkflow_webhook_latency_seconds{method, status_code}`: from request to answer. */
  webhookLatency: HotHistogram<'method' | 'status_code'>;
  /** `klikkflow_http_requests_total{method, route, status_code}`; `route` is the pattern, never the raw URL. */
  httpRequests: HotCounter<'method' | 'route' | 'status_code'>;
  /** `klikkflow_schedule_slots_total{outcome}`, outcome one of {@link ScheduleSlotOutcome}. */
  scheduleSlots: Counter<'outcome'>;
  /** `klikkflow_executions_stalled_total`: claims that took over an expired lease (the holder died or stalled). */
  executionsStalled: Counter;
  /** `klikkflow_executions_recovered_total`: executions handed to workers again by the reconciler. */
  executionsRecovered: Counter;
  /** `klikkflow_executions_quarantined_total`: executions failed because a step kept killing its workers. */
  executionsQuarantined: Counter;
  /**
   * Runs `sample` each time the metrics are rendered, before rendering: for gauges whose value is cheap to
   * read but changes far more often than anyone reads it (the queue changes several times per execution).
   */
  beforeRender(sample: () => void): void;
  /** The exposition text for `/metrics`. */
  render(): Promise<string>;
  /** The `Content-Type` to answer `/metrics` with. */
  contentType: string;
}

/**
 * Creates the metrics in a new registry. Never the prom-client global one: tests and several servers in
 * one process would otherwise clash on names or mix their figures. Default process metrics
 * (`process_*`, `nodejs_*`) keep their conventional unprefixed names so stock dashboards work.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const buckets = [...DURATION_BUCKETS_SECONDS];
  const samplers: (() => void)[] = [];

  return {
    registry,
    executionsTotal: hotCounter(
      new Counter({
        name: 'klikkflow_executions_total',
        help: 'Finished workflow executions, by final status and trigger mode.',
        labelNames: ['status', 'mode'] as const,
        registers,
      }),
      ['status', 'mode'],
      samplers,
    ),
    executionDuration: hotHistogram({
      name: 'klikkflow_execution_duration_seconds',
      help: 'Wall-clock duration of workflow executions, by final status.',
      labelNames: ['status'],
      buckets,
      registers,
    }),
    executionsActive: new Gauge({
      name: 'klikkflow_executions_active',
      help: 'Workflow executions running now.',
      registers,
    }),
    queueDepth: new Gauge({
      name: 'klikkflow_queue_depth',
      help: 'Jobs accepted but not yet started.',
      registers,
    }),
    webhookLatency: hotHistogram({
      name: 'klikkflow_webhook_latency_seconds',
      help: 'Time from receiving a webhook request to answering it.',
      labelNames: ['method', 'status_code'],
      buckets,
      registers,
    }),
    httpRequests: hotCounter(
      new Counter({
        name: 'klikkflow_http_requests_total',
        help: 'HTTP requests answered, by method, route pattern and status code.',
        labelNames: ['method', 'route', 'status_code'] as const,
        registers,
      }),
      ['method', 'route', 'status_code'],
      samplers,
    ),
    scheduleSlots: new Counter({
      name: 'klikkflow_schedule_slots_total',
      help: 'Schedule slots by outcome: fired, skipped (catch-up policy) or duplicate (fired elsewhere).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    executionsStalled: new Counter({
      name: 'klikkflow_executions_stalled_total',
      help: 'Executions taken over from a worker whose lease expired (it died or stalled).',
      registers,
    }),
    executionsRecovered: new Counter({
      name: 'klikkflow_executions_recovered_total',
      help: 'Executions handed to the workers again by the reconciler (their queue entry was lost).',
      registers,
    }),
    executionsQuarantined: new Counter({
      name: 'klikkflow_executions_quarantined_total',
      help: 'Executions failed because the same step killed its worker three times.',
      registers,
    }),
    beforeRender: (sample) => {
      samplers.push(sample);
    },
    render: () => {
      for (const sample of samplers) sample();
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
