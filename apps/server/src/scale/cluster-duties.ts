import { randomUUID } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import { PRUNE_INTERVAL_MS, pruneExecutions } from '../runtime.js';
import { createReconciler } from './reconciler.js';
import type { ScaleLink } from './scale-link.js';

/** How often the leader hands due waiting executions to the workers. */
const RESUME_INTERVAL_MS = 1_000;

/**
 * The work one main of all does (G8, R4): fire schedules, hand due waiting executions to the workers,
 * re-enqueue what the queue lost, prune. A leader lock in Redis elects it; when the leader dies its lock
 * expires and another main takes over. Schedules stay safe even during a hand-over: each slot has a
 * unique row, so two mains that both think they lead still fire it once.
 */
export function startClusterDuties(
  runtime: Pick<Runtime, 'repos' | 'clock' | 'logger' | 'metrics' | 'config'>,
  link: Pick<ScaleLink, 'leaderLock' | 'work'>,
  duties: { resumeDue(): Promise<number>; startSchedules(): void; stopSchedules(): void },
): { readonly isLeader: boolean; stop(): Promise<void> } {
  const { logger, config } = runtime;
  const reconciler = createReconciler({
    leases: runtime.repos.leases,
    work: link.work,
    clock: runtime.clock,
    newGraceMs: config.leaseMs,
  });
  const lock = link.leaderLock('main', `main-${randomUUID()}`, (isLeader) => {
    logger.info({ isLeader }, isLeader ? 'this main leads the cluster now' : 'this main no longer leads');
    if (isLeader) duties.startSchedules();
    else duties.stopSchedules();
  });
  const guarded = (name: string, task: () => Promise<unknown>) => () => {
    if (!lock.isLeader) return;
    task().catch((error) => logger.error({ err: error }, `${name} failed`));
  };
  const intervals = [
    setInterval(guarded('resuming waiting executions', duties.resumeDue), RESUME_INTERVAL_MS),
    setInterval(
      guarded('reconciling the queue', async () => {
        const handed = await reconciler.pass();
        if (handed > 0) runtime.metrics.executionsRecovered.inc(handed);
      }),
      Math.min(5_000, Math.max(500, Math.floor(config.leaseMs / 2))),
    ),
    setInterval(
      guarded('pruning', () => pruneExecutions(runtime)),
      PRUNE_INTERVAL_MS,
    ),
  ];
  for (const interval of intervals) interval.unref();
  lock.start();
  return {
    get isLeader() {
      return lock.isLeader;
    },
    async stop() {
      for (const interval of intervals) clearInterval(interval);
      duties.stopSchedules();
      await lock.stop();
    },
  };
}
