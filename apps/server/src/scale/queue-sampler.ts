import type { AppLogger, Metrics } from '@klikkflow/core';
import type { WorkQueue } from '@klikkflow/queue';

/** How often the shared queue's counts are read. */
const SAMPLE_INTERVAL_MS = 1_000;

/**
 * Reads the shared work queue's counts every second into `klikkflow_queue_depth` (waiting and delayed
 * jobs) and `klikkflow_executions_active` (jobs running on any worker), the same figures on every role,
 * and keeps the backlog for backpressure.
 */
export async function startQueueSampler(
  work: Pick<WorkQueue, 'counts'>,
  metrics: Pick<Metrics, 'queueDepth' | 'executionsActive'>,
  logger: AppLogger,
): Promise<{ backlog(): number; stop(): void }> {
  let backlog = 0;
  const sample = async () => {
    const counts = await work.counts();
    backlog = counts.waiting + counts.delayed;
    metrics.queueDepth.set(backlog);
    metrics.executionsActive.set(counts.active);
  };
  await sample();
  const timer = setInterval(
    () => void sample().catch((error) => logger.warn({ err: error }, 'reading the work queue failed')),
    SAMPLE_INTERVAL_MS,
  );
  timer.unref();
  return { backlog: () => backlog, stop: () => clearInterval(timer) };
}
