import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../support/private-redis.js';
import { failureReport, type Scenario, useChaosServices } from './chaos-harness.js';
import { accepted, driveWebhooks, statusCounts } from './chaos-load.js';
import { CLI_ENTRY } from './chaos-process.js';
import { reportFigures, sized } from './chaos-report.js';
import { metricSum } from './cluster.js';

// R4: Redis loses everything (FLUSHALL, or a restart without persistence) while executions are queued
// and running. The database is the system of record: the outbox relay and the leader's reconciler must
// hand the workers everything again.
const size = sized({
  ci: { executions: 100, ratePerSecond: 50, workers: 2, concurrency: 4, terminalWithinMs: 60_000 },
  full: { executions: 1_000, ratePerSecond: 100, workers: 3, concurrency: 10, terminalWithinMs: 120_000 },
});
const services = useChaosServices();

/** Starts a loaded cluster, strikes `fault` once half the calls are sent, and checks nothing was lost. */
async function survivesRedisFault(scenarioName: string, fault: () => Promise<void>): Promise<void> {
  const scenario: Scenario = await services.startScenario(scenarioName, {
    workers: size.workers,
    concurrency: size.concurrency,
    leaseMs: 2_500,
    // Slow side effects keep executions running and queued when Redis loses its keys.
    delayMsA: 200,
    delayMsB: 200,
  });
  const load = driveWebhooks({
    url: () => scenario.webhookUrl(),
    count: size.executions,
    ratePerSecond: size.ratePerSecond,
    concurrency: 50,
  });
  await sleep((size.executions / 2 / size.ratePerSecond) * 1000);
  // Queued (`new`) and running executions whose jobs the fault takes away.
  const inFlight = (await scenario.db.executionsOf(scenario.name)).filter((row) =>
    ['new', 'running'].includes(row.status),
  ).length;
  await fault();
  const calls = await load;

  const acceptedIds = calls.filter(accepted).map((call) => String(call.executionId));
  const verdict = await scenario.verify(acceptedIds, {
    terminalWithinMs: size.terminalWithinMs,
    // No worker died and no lease ran out: each side effect happens once.
    maxDeliveriesPerKey: 1,
  });
  // Hand-overs by the leader's reconciler (repeats of a still-queued job included).
  const reconciled = await metricSum(scenario.cluster.main, 'klikkflow_executions_recovered_total');
  reportFigures(scenarioName, { ...verdict.figures, inFlightAtFault: inFlight, reconciled });

  const report = `${JSON.stringify(statusCounts(calls))}\n${failureReport(verdict.problems, scenario.cluster)}`;
  // Ingress needs only the database: Redis going away must not cost a single call.
  expect(statusCounts(calls), report).toEqual({ 200: size.executions });
  expect(verdict.problems, report).toEqual([]);
  expect(verdict.figures.uniqueKeys).toBe(size.executions * 2);
  // Not vacuous: the fault took the jobs of executions still queued or running.
  expect(inFlight).toBeGreaterThan(0);
  await scenario.stop();
}

const redisCli = promisify(execFile);

describe('R4: Redis loses its keys mid-load (G1, G5)', () => {
  it(
    'recovers from FLUSHALL: every execution ends, each side effect once',
    async () => {
      await survivesRedisFault('redis-flushall', async () => {
        await redisCli('redis-cli', ['-p', String(services.redis().port), 'FLUSHALL']);
      });
    },
    sized({ ci: 180_000, full: 600_000 }),
  );

  it(
    'recovers from a Redis restart: every execution ends, each side effect once',
    async () => {
      await survivesRedisFault('redis-restart', async () => {
        await services.redis().stop();
        await sleep(1_000);
        await services.redis().start();
      });
    },
    sized({ ci: 180_000, full: 600_000 }),
  );

  it('refuses to start a worker on a Redis that may evict keys', async () => {
    const evicting = await startPrivateRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'klikkflow-chaos-'));
    try {
      const started = promisify(execFile)(process.execPath, [CLI_ENTRY, 'worker', '--port', '0'], {
        env: {
          PATH: process.env.PATH,
          KLIKKFLOW_DATABASE_URL: services.postgres().url,
          KLIKKFLOW_DATABASE_SCHEMA: 'chaos_evicting',
          KLIKKFLOW_REDIS_URL: evicting.url,
          KLIKKFLOW_ENCRYPTION_KEY: 'chaos-test-encryption-key-0123456789abcdef',
          KLIKKFLOW_DATA_DIR: dataDir,
        },
        timeout: 30_000,
      });
      await expect(started).rejects.toMatchObject({
        stderr: expect.stringContaining('REDIS_EVICTION_POLICY'),
      });
    } finally {
      await evicting.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
