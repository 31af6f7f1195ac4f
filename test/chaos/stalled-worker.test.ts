import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { failureReport, useChaosServices } from './chaos-harness.js';
import { driveWebhooks } from './chaos-load.js';
import { reportFigures } from './chaos-report.js';
import { idempotencyKeyOf } from './chaos-workflow.js';

// R7 "slow, not dead": a worker is frozen (SIGSTOP) in the middle of a node that outlasts its lease, so
// another worker takes the execution over; then the frozen one wakes up (SIGCONT) with its stale result.
const LEASE_MS = 2_000;
const services = useChaosServices();

describe('R7: a worker frozen past its lease wakes up (G5, G6, G7)', () => {
  it('completes the execution once and discards the stale result without a status flip', async () => {
    const scenario = await services.startScenario('stalled', {
      workers: 2,
      concurrency: 1,
      leaseMs: LEASE_MS,
      delayMsA: LEASE_MS * 2.5,
    });
    const { cluster, db, ledger } = scenario;
    const [call] = await driveWebhooks({
      url: () => scenario.webhookUrl(),
      count: 1,
      ratePerSecond: 1,
      concurrency: 1,
    });
    const id = String(call?.executionId);
    expect(call?.status).toBe(200);

    await ledger.waitFor((delivery) => delivery.key === idempotencyKeyOf(id, 'ledgerA'));
    const holder = cluster.workerOwning((await db.executions([id])).get(id)?.leaseOwner);
    if (!holder) throw new Error(`no worker holds ${id}\n${cluster.logs()}`);
    holder.signal('SIGSTOP');
    const stoppedAt = Date.now();

    // The other worker takes over once the lease ran out and runs the execution to its end.
    let ended = (await db.executions([id])).get(id);
    while (ended?.status !== 'success' && Date.now() - stoppedAt < 60_000) {
      await sleep(100);
      ended = (await db.executions([id])).get(id);
    }
    const takeoverMs = Date.now() - stoppedAt;
    // Frozen for at least twice the lease, as the battery asks.
    await sleep(Math.max(0, stoppedAt + 2 * LEASE_MS - Date.now()));
    const runsBefore = await db.nodeRuns([id]);
    holder.signal('SIGCONT');
    const frozenMs = Date.now() - stoppedAt;
    // Time for the woken worker to finish whatever it still believes it owns.
    await sleep(3 * LEASE_MS);

    const after = (await db.executions([id])).get(id);
    const runsAfter = await db.nodeRuns([id]);
    const verdict = await scenario.verify([id], {
      terminalWithinMs: 0,
      // The frozen worker's request to ledger A went out; the new holder sends it again.
      maxDeliveriesPerKey: 2,
    });
    reportFigures('stalled-worker', { ...verdict.figures, frozenMs, takeoverMs, epoch: after?.epoch ?? -1 });

    const report = failureReport(verdict.problems, cluster);
    expect(ended?.status, report).toBe('success');
    expect(after, 'status, finish time and epoch unchanged by the stale worker').toEqual(ended);
    expect(ended?.epoch, 'claimed twice: by the frozen worker, then by the one that took over').toBe(2);
    expect(runsAfter).toEqual(runsBefore);
    expect(verdict.problems, report).toEqual([]);
    expect(ledger.byKey('a').get(idempotencyKeyOf(id, 'ledgerA'))).toHaveLength(2);
    expect(ledger.byKey('b').get(idempotencyKeyOf(id, 'ledgerB'))).toHaveLength(1);
    // The woken worker is alive and healthy.
    expect(holder.exit()).toBeUndefined();
    expect((await fetch(`${holder.url}/healthz`)).status).toBe(200);
    await scenario.stop();
  }, 180_000);
});
