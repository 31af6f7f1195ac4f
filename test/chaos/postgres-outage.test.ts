import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { failureReport, useChaosServices } from './chaos-harness.js';
import { accepted, driveWebhooks, statusCounts } from './chaos-load.js';
import { reportFigures, sized } from './chaos-report.js';

// R5: steady webhook load while PostgreSQL (the system of record) is stopped for a while and started again.
const size = sized({
  ci: {
    workers: 2,
    ratePerSecond: 20,
    warmupMs: 2_000,
    downMs: 3_000,
    afterMs: 6_000,
    recoverWithinMs: 3_000,
  },
  full: {
    workers: 3,
    ratePerSecond: 30,
    warmupMs: 10_000,
    downMs: 30_000,
    afterMs: 70_000,
    recoverWithinMs: 60_000,
  },
});
const TERMINAL_WITHIN_MS = sized({ ci: 60_000, full: 120_000 });
const services = useChaosServices();

describe('R5: PostgreSQL stops under steady load (G1, G5, G7)', () => {
  it(
    'answers 503 and never 2xx while it is down, then runs every accepted execution to its end',
    async () => {
      const scenario = await services.startScenario('pg-outage', {
        workers: size.workers,
        concurrency: 4,
        leaseMs: 2_500,
        delayMsA: 100,
        delayMsB: 100,
      });
      let loading = true;
      const load = driveWebhooks({
        url: () => scenario.webhookUrl(),
        stop: () => !loading,
        ratePerSecond: size.ratePerSecond,
        concurrency: 100,
        timeoutMs: 20_000,
      });
      await sleep(size.warmupMs);
      const postgres = services.postgres();
      await postgres.stop('fast');
      const downFrom = Date.now();
      await sleep(size.downMs);
      const downUntil = Date.now();
      await postgres.start();
      const upAt = Date.now();
      await sleep(size.afterMs);
      loading = false;
      const calls = await load;

      // Calls made entirely while the database was stopped.
      const whileDown = calls.filter((call) => call.sentAt >= downFrom && call.endedAt <= downUntil);
      const lateAfterUp = calls.filter((call) => call.sentAt >= upAt + size.recoverWithinMs);
      const firstAcceptedAfterUp = calls.find((call) => call.sentAt >= upAt && accepted(call));
      const acceptedIds = calls.filter(accepted).map((call) => String(call.executionId));
      const verdict = await scenario.verify(acceptedIds, {
        terminalWithinMs: TERMINAL_WITHIN_MS,
        // A node in flight when its worker's lease ran out during the outage runs once more.
        maxDeliveriesPerKey: 2,
      });
      reportFigures('postgres-outage', {
        calls: calls.length,
        callsWhileDown: whileDown.length,
        ...verdict.figures,
        downMs: downUntil - downFrom,
        firstAcceptedAfterUpMs: firstAcceptedAfterUp ? firstAcceptedAfterUp.sentAt - upAt : -1,
      });

      const report = failureReport(verdict.problems, scenario.cluster);
      expect(whileDown.length, 'calls made while the database was down').toBeGreaterThan(0);
      expect(statusCounts(whileDown), report).toEqual({ 503: whileDown.length });
      expect(lateAfterUp.length).toBeGreaterThan(0);
      expect(statusCounts(lateAfterUp), report).toEqual({ 200: lateAfterUp.length });
      expect(verdict.problems, report).toEqual([]);
      expect(verdict.figures.uniqueKeys).toBe(verdict.figures.executions * 2);
      await scenario.stop();
    },
    sized({ ci: 180_000, full: 600_000 }),
  );
});
