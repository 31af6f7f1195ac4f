import type { Metric, Registry } from 'prom-client';
import { labelSeries } from './label-series.js';

/**
 * A histogram observed on every request or execution. prom-client's `observe` validates and hashes the
 * labels and walks every bucket on each call; in the webhook path its two histograms cost about 5 % of the
 * server's CPU per request. This one keys the label values by one string ({@link labelSeries}), counts
 * into the first bucket that holds the value, and makes the counts cumulative only when the metrics are
 * rendered. It renders exactly as prom-client's histogram does (`_bucket` with `le`, `_sum`, `_count`).
 */
export interface HotHistogram<L extends string> {
  /** Records one value (in the histogram's unit) for these label values. */
  observe(labels: Record<L, string>, value: number): void;
}

/** What {@link hotHistogram} needs. */
export interface HotHistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending. */
  buckets: readonly number[];
  registers: readonly Registry[];
}

/** One set of label values: counts per bucket (not cumulative), sum and count. */
interface Series<L extends string> {
  labels: Record<L, string>;
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * Creates the histogram and registers it. The registry renders any metric that has a name, help text, a
 * type and `get()`; prom-client's typings only name its own classes, hence the cast.
 */
export function hotHistogram<L extends string>(options: HotHistogramOptions<L>): HotHistogram<L> {
  const { name, help, labelNames, buckets } = options;
  const series = labelSeries(
    labelNames,
    (labels): Series<L> => ({
      labels,
      counts: new Float64Array(buckets.length),
      sum: 0,
      count: 0,
    }),
  );

  /** A value line as the registry renders it; `le` first, as prom-client writes it. */
  type Line = { metricName: string; labels: Record<string, string | number>; value: number };
  const values = (): Line[] => {
    const out: Line[] = [];
    for (const { labels, counts, sum, count } of series.all()) {
      let cumulative = 0;
      buckets.forEach((bound, index) => {
        cumulative += counts[index] as number;
        out.push({ metricName: `${name}_bucket`, labels: { le: bound, ...labels }, value: cumulative });
      });
      out.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
      out.push({ metricName: `${name}_sum`, labels: { ...labels }, value: sum });
      out.push({ metricName: `${name}_count`, labels: { ...labels }, value: count });
    }
    return out;
  };

  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: values() }),
    reset: () => series.clear(),
  };
  for (const registry of options.registers) registry.registerMetric(metric as unknown as Metric<L>);

  return {
    observe(labels, value) {
      const entry = series.of(labels);
      let bucket = 0;
      while (bucket < buckets.length && value > (buckets[bucket] as number)) bucket++;
      // Above the last bound: counted only in +Inf, which is the total count.
      if (bucket < buckets.length) entry.counts[bucket] = (entry.counts[bucket] as number) + 1;
      entry.sum += value;
      entry.count++;
    },
  };
}
