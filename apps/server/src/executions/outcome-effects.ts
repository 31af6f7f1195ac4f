import type { Runtime } from '../runtime.js';
import { startErrorWorkflow } from './error-workflow.js';
import type { ExecutionJob, ExecutionOutcome } from './execution-job.js';
import type { ExecutionService } from './execution-service.js';

/**
 * What follows an execution's end in the process that ran it, in either mode: the execution metrics,
 * and the failed workflow's error workflow (started through `executions`, read when needed because the
 * service is built after this handler).
 */
export function outcomeEffects(
  runtime: Pick<Runtime, 'metrics' | 'clock' | 'repos' | 'logger'>,
  executions: () => ExecutionService,
): (outcome: ExecutionOutcome, job: ExecutionJob) => void {
  const { metrics, clock, logger } = runtime;
  return (outcome, job) => {
    metrics.executionsTotal.inc({ status: outcome.status, mode: job.mode });
    const startedAt = outcome.state?.startedAt;
    if (startedAt !== undefined) {
      metrics.executionDuration.observe({ status: outcome.status }, (clock.now() - startedAt) / 1000);
    }
    if (outcome.error?.code === 'EXECUTION_QUARANTINED') metrics.executionsQuarantined.inc();
    if (outcome.status === 'error') {
      startErrorWorkflow({ outcome, job, repos: runtime.repos, executions: executions() }).catch((error) =>
        logger.error({ err: error, executionId: outcome.executionId }, 'the error workflow did not start'),
      );
    }
  };
}
