import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { failureReport, useChaosServices } from './chaos-harness.js';
import { accepted, driveWebhooks, statusCounts } from './chaos-load.js';
import { between, reportFigures, sized } from './chaos-report.js';

// R1: 3 workers run a 6-node workflow with two ledger side effects while a random worker is killed
// with SIGKILL again and again, a replacement starting after each kill.
const size = sized({
  ci: { executions: 100, kills: 5, minGapMs: 1_000, maxGapMs: 3_000, terminalWithinMs: 60_000 },
  full: { executions: 1_000, kills: 50, minGapMs: 2_000, maxGapMs: 10_000, terminalWithinMs: 120_000 },
});
const WORKERS = 3;
const CONCURRENCY = 4;
const services = useChaosServices();

describe('R1: kill -9 a random worker under load (G1, G3, G4, G5)', () => {
  it(
    'loses nothing, never re-runs a committed node, and keeps every side effect deduplicable',
    async () => {
      const scenario = await services.startScenario('kills', {
        workers: WORKERS,
        concurrency: CONCURRENCY,
        leaseMs: 2_000,
        // Each side effect takes a while, so kills land mid-node.
        delayMsA: 100,
        delayMsB: 100,
      });
      const { cluster } = scenario;
      // The load is spread over the time the kills take, so every kill finds work in flight.
      const plannedMs = (size.kills * (size.minGapMs + size.maxGapMs)) / 2;
      const started = Date.now();
      const load = driveWebhooks({
        url: () => scenario.webhookUrl(),
        count: size.executions,
        ratePerSecond: (size.executions * 1000) / plannedMs,
        concurrency: 50,
      });
      let kills = 0;
      while (kills < size.kills) {
        const gap = sleep(between(size.minGapMs, size.maxGapMs));
        const live = cluster.liveWorkers();
        const victim = live[between(0, live.length - 1)];
        if (!victim) throw new Error(`no live worker to kill\n${cluster.logs()}`);
        victim.signal('SIGKILL');
        await victim.exited;
        kills++;
        await Promise.all([gap, cluster.startWorker()]);
      }
      const calls = await load;
      const loadMs = Date.now() - started;

      const acceptedIds = calls.filter(accepted).map((call) => String(call.executionId));
      const verdict = await scenario.verify(acceptedIds, {
        terminalWithinMs: size.terminalWithinMs,
        // A kill can interrupt a node after its request went out and before its output was committed.
        maxDeliveriesPerKey: 1 + kills,
      });
      reportFigures('worker-kills', { ...verdict.figures, kills, loadMs });

      // The main was never touched: every call is accepted.
      expect(statusCounts(calls)).toEqual({ 200: size.executions });
      expect(verdict.problems, failureReport(verdict.problems, cluster)).toEqual([]);
      expect(verdict.figures.uniqueKeys).toBe(size.executions * 2);
      // Each kill cuts off at most one in-flight node per execution slot of the killed worker.
      expect(verdict.figures.duplicates).toBeLessThanOrEqual(kills * CONCURRENCY);
      await scenario.stop();
    },
    sized({ ci: 240_000, full: 1_200_000 }),
  );
});
