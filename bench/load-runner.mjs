// One autocannon measurement in its own process, so the load generator never shares an event loop (or, when
// pinned, a CPU) with the system under test. Prints `started` as the load begins (Node's start-up is over),
// then one JSON line: throughput, latency, its own CPU use.
// Usage: node bench/load-runner.mjs '{"url":"http://…","connections":50,"durationS":10,"bodyFile":"…"}'
// With `"expectedFile":"…"` (a JSON file), every answer's body is parsed and compared with it deeply; the
// line then also says how many answers were checked and how many were wrong (any status counts).
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';

const config = JSON.parse(process.argv[2] ?? '{}');
const expected = config.expectedFile ? JSON.parse(readFileSync(config.expectedFile, 'utf8')) : undefined;

function isExpected(text) {
  try {
    return isDeepStrictEqual(JSON.parse(text), expected);
  } catch {
    return false;
  }
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

// autocannon's own latency histogram counts whole milliseconds, too coarse for sub-millisecond answers, so
// the latencies (2xx only, like autocannon's) are kept here from its per-response event, in fractional ms.
const latencies = [];
let answers = 0;
process.stdout.write('started\n');
const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
const instance = autocannon(
  {
    url: config.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: readFileSync(config.bodyFile),
    connections: config.connections,
    duration: config.durationS,
    timeout: 30,
    ...(expected !== undefined && { verifyBody: isExpected }),
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`autocannon failed: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    const elapsedS = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const sorted = Float64Array.from(latencies).sort();
    const sum = latencies.reduce((total, value) => total + value, 0);
    const summary = {
      requests: latencies.length,
      rps: latencies.length / elapsedS,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      meanMs: latencies.length > 0 ? sum / latencies.length : null,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      elapsedS,
      loadCpuCores: (cpu.user + cpu.system) / 1e6 / elapsedS,
      ...(expected !== undefined && { answersChecked: answers, wrongAnswers: result.mismatches }),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  },
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  answers++;
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
});
