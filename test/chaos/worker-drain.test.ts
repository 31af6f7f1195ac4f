import { describe, expect, it } from 'vitest';
import { failureReport, type Scenario, useChaosServices } from './chaos-harness.js';
import { accepted, driveWebhooks } from './chaos-load.js';
import { reportFigures } from './chaos-report.js';
import { idempotencyKeyOf } from './chaos-workflow.js';

// R17 graceful drain: SIGTERM reaches a worker while its executions wait on a side effect.
const EXECUTIONS = 3;
const services = useChaosServices();

/**
 * Starts one worker, sends {@link EXECUTIONS} webhooks, and SIGTERMs the worker once ledger A has
 * received each execution's request. Resolves with when, how and how fast it exited.
 */
async function terminateMidNode(scenario: Scenario) {
  const { cluster, ledger } = scenario;
  const calls = await driveWebhooks({
    url: () => scenario.webhookUrl(),
    count: EXECUTIONS,
    ratePerSecond: 100,
    concurrency: EXECUTIONS,
  });
  const ids = calls.filter(accepted).map((call) => String(call.executionId));
  expect(ids).toHaveLength(EXECUTIONS);
  await Promise.all(
    ids.map((id) => ledger.waitFor((delivery) => delivery.key === idempotencyKeyOf(id, 'ledgerA'))),
  );
  const [worker] = cluster.workers;
  if (!worker) throw new Error('the scenario has no worker');
  const terminatedAt = Date.now();
  worker.signal('SIGTERM');
  const exit = await worker.exited;
  return { ids, worker, exit, terminatedAt, exitMs: Date.now() - terminatedAt };
}

describe('R17: SIGTERM a worker mid-node (G9)', () => {
  it('finishes a node shorter than the grace period on the same worker, then exits 0', async () => {
    const scenario = await services.startScenario('drain-finish', {
      workers: 1,
      concurrency: EXECUTIONS,
      shutdownTimeoutMs: 10_000,
      delayMsA: 2_000,
    });
    const { ids, worker, exit, exitMs } = await terminateMidNode(scenario);
    // Finished before it exited: nothing was left for another worker.
    const rows = await scenario.db.executions(ids);
    const verdict = await scenario.verify(ids, {
      terminalWithinMs: 0,
      maxDeliveriesPerKey: 1,
    });
    reportFigures('worker-drain-finish', { ...verdict.figures, exitMs });

    const report = failureReport(verdict.problems, scenario.cluster);
    expect(exit, report).toEqual({ code: 0, signal: null });
    expect([...rows.values()].map((row) => row.status)).toEqual(ids.map(() => 'success'));
    expect(exitMs).toBeLessThan(10_000);
    expect(verdict.problems, report).toEqual([]);
    expect(worker.output()).toContain('stopped');
    await scenario.stop();
  }, 120_000);

  it('stops a node longer than the grace period, exits 0, and another worker resumes from the checkpoint', async () => {
    const scenario = await services.startScenario('drain-handover', {
      workers: 1,
      concurrency: EXECUTIONS,
      shutdownTimeoutMs: 2_000,
      delayMsA: 8_000,
    });
    const { ids, exit, exitMs, terminatedAt } = await terminateMidNode(scenario);
    const report = () => failureReport([], scenario.cluster);
    expect(exit, report()).toEqual({ code: 0, signal: null });
    // The grace period, then the stop at the next step: not the 8 s the node would have taken.
    expect(exitMs, report()).toBeLessThan(2_000 + 4_000);
    await scenario.cluster.startWorker();
    const verdict = await scenario.verify(ids, {
      terminalWithinMs: 60_000,
      // Ledger A's request went out before the drain stopped the node; the new worker sends it again.
      maxDeliveriesPerKey: 2,
    });
    reportFigures('worker-drain-handover', { ...verdict.figures, exitMs });

    expect(verdict.problems, failureReport(verdict.problems, scenario.cluster)).toEqual([]);
    // G3: the nodes committed before the drain were not run again by the worker that resumed.
    const committedEarly = (await scenario.db.nodeRuns(ids)).filter((run) =>
      ['hook', 'prepare'].includes(run.nodeId),
    );
    expect(committedEarly).toHaveLength(ids.length * 2);
    for (const run of committedEarly) expect(run.run.startedAt).toBeLessThan(terminatedAt);
    await scenario.stop();
  }, 120_000);
});
