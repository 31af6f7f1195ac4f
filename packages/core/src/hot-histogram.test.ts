import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { hotHistogram } from './hot-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OPTIONS = { name: 'test_seconds', help: 'A test histogram.', labelNames: ['method', 'code'] as const };

/** Values on, between, below and above the bounds, over two label sets. */
const OBSERVATIONS: [Record<'method' | 'code', string>, number][] = [
  [{ method: 'POST', code: '200' }, 0],
  [{ method: 'POST', code: '200' }, 0.001],
  [{ method: 'POST', code: '200' }, 0.0011],
  [{ method: 'POST', code: '200' }, 0.5],
  [{ method: 'POST', code: '200' }, 7],
  [{ method: 'GET', code: '404' }, 0.01],
  [{ method: 'GET', code: '404' }, 0.02],
];

describe('hotHistogram', () => {
  it("renders exactly what prom-client's Histogram renders for the same observations", async () => {
    const hot = new Registry();
    const reference = new Registry();
    const histogram = hotHistogram({ ...OPTIONS, buckets: BUCKETS, registers: [hot] });
    const stock = new Histogram({
      ...OPTIONS,
      labelNames: [...OPTIONS.labelNames],
      buckets: BUCKETS,
      registers: [reference],
    });
    for (const [labels, value] of OBSERVATIONS) {
      histogram.observe(labels, value);
      stock.observe(labels, value);
    }
    expect(await hot.metrics()).toBe(await reference.metrics());
    expect(await hot.metrics()).toContain('test_seconds_bucket{le="0.001",method="POST",code="200"} 2');
    // The same values as JSON; prom-client adds `exemplar: null` to its buckets (there are no exemplars).
    const withoutExemplars = JSON.parse(JSON.stringify(await reference.getMetricsAsJSON()), (key, value) =>
      key === 'exemplar' ? undefined : value,
    );
    expect(await hot.getMetricsAsJSON()).toEqual(withoutExemplars);
  });

  it('starts over when the registry resets its metrics', async () => {
    const registry = new Registry();
    const histogram = hotHistogram({ ...OPTIONS, buckets: BUCKETS, registers: [registry] });
    histogram.observe({ method: 'POST', code: '200' }, 0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('test_seconds_count');
    histogram.observe({ method: 'POST', code: '200' }, 0.5);
    expect(await registry.metrics()).toContain('test_seconds_count{method="POST",code="200"} 1');
  });
});
