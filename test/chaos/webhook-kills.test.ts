import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { failureReport, useChaosServices } from './chaos-harness.js';
import { accepted, driveWebhooks, statusCounts } from './chaos-load.js';
import { between, reportFigures, sized } from './chaos-report.js';

// R2: webhooks POSTed at a steady rate to a webhook-only process that is killed with SIGKILL and
// restarted on the same port again and again.
const size = sized({
  ci: {
    kills: 3,
    ratePerSecond: 30,
    minGapMs: 1_000,
    maxGapMs: 2_000,
    minAccepted: 50,
    terminalWithinMs: 60_000,
  },
  full: {
    kills: 20,
    ratePerSecond: 80,
    minGapMs: 2_000,
    maxGapMs: 5_000,
    minAccepted: 2_000,
    terminalWithinMs: 300_000,
  },
});
const services = useChaosServices();

describe('R2: kill -9 the webhook process under load (G1)', () => {
  it(
    'has a committed execution for every 2xx answer, and every execution ends',
    async () => {
      const scenario = await services.startScenario('ingress', {
        workers: 3,
        concurrency: 8,
        webhook: true,
        leaseMs: 3_000,
      });
      const { cluster } = scenario;
      let killsDone = false;
      const load = driveWebhooks({
        url: () => scenario.webhookUrl('webhook'),
        stop: () => killsDone,
        ratePerSecond: size.ratePerSecond,
        concurrency: 100,
        timeoutMs: 20_000,
      });
      let kills = 0;
      let restartMs = 0;
      while (kills < size.kills) {
        await sleep(between(size.minGapMs, size.maxGapMs));
        const restarting = Date.now();
        await cluster.restartWebhook();
        restartMs += Date.now() - restarting;
        kills++;
      }
      // A last stretch of calls to the last process, so the run ends with the ingress healthy.
      await sleep(size.minGapMs);
      killsDone = true;
      const calls = await load;

      const acceptedIds = calls.filter(accepted).map((call) => String(call.executionId));
      const verdict = await scenario.verify(acceptedIds, {
        terminalWithinMs: size.terminalWithinMs,
        // No worker is harmed here: each side effect happens once.
        maxDeliveriesPerKey: 1,
      });
      const refused = calls.length - acceptedIds.length;
      // Calls a kill cut off mid-request (the others found no process listening).
      const cut = calls.filter((call) => call.status === 0 && call.error !== 'ECONNREFUSED').length;
      reportFigures('webhook-kills', {
        calls: calls.length,
        refused,
        cut,
        ...verdict.figures,
        kills,
        meanRestartMs: Math.round(restartMs / kills),
      });

      const report = `${JSON.stringify(statusCounts(calls))}\n${failureReport(verdict.problems, cluster)}`;
      expect(verdict.problems, report).toEqual([]);
      expect(new Set(acceptedIds).size, 'each 2xx names its own execution').toBe(acceptedIds.length);
      // Not vacuous: plenty of calls reached a live process (the others came while it restarted).
      expect(acceptedIds.length, report).toBeGreaterThanOrEqual(size.minAccepted);
      // Executions committed but not acknowledged (the process died before answering) run too.
      expect(verdict.figures.uniqueKeys).toBe(verdict.figures.executions * 2);
      await scenario.stop();
    },
    sized({ ci: 240_000, full: 1_200_000 }),
  );
});
