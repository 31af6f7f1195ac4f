import type { Runtime } from '../runtime.js';
import { startClusterDuties } from './cluster-duties.js';
import { createDistributedExecutionService } from './distributed-execution-service.js';
import { createOutboxRelay } from './outbox-relay.js';
import { startQueueSampler } from './queue-sampler.js';
import { createRemoteOutcomes } from './remote-outcomes.js';
import type { ScaleLink } from './scale-link.js';

/** How often committed-but-unrelayed outbox rows are looked for (a process died between commit and relay). */
const RELAY_INTERVAL_MS = 500;
/** How often a caller waiting on a remote execution also asks the database. */
const OUTCOME_POLL_MS = 1_000;

/**
 * The execution side of a scale-mode main or webhook process: executions are committed with an outbox
 * row and run on the workers. A main also runs the cluster duties while it holds the leader lock.
 */
export function createIngress(
  runtime: Runtime,
  link: ScaleLink,
  options: { role: 'main' | 'webhook'; timers: boolean },
) {
  const { repos, logger, metrics, config } = runtime;
  const relay = createOutboxRelay({
    outbox: repos.outbox,
    work: link.work,
    onError: (error) => logger.warn({ err: error }, 'relaying the outbox failed; retrying'),
  });
  let sampler: Awaited<ReturnType<typeof startQueueSampler>> | undefined;
  const executions = createDistributedExecutionService({
    executions: repos.executions,
    leases: repos.leases,
    relay,
    outcomes: createRemoteOutcomes({
      bus: link.outcomes,
      executions: repos.executions,
      pollMs: OUTCOME_POLL_MS,
    }),
    control: link.control,
    clock: runtime.clock,
    backlogFull: () => (sampler?.backlog() ?? 0) >= config.queueCapacity,
  });
  let duties: ReturnType<typeof startClusterDuties> | undefined;
  return {
    executions,
    events: link.events,
    async begin(schedules: { startSchedules(): void; stopSchedules(): void }) {
      relay.start(RELAY_INTERVAL_MS);
      relay.kick();
      sampler = await startQueueSampler(link.work, metrics, logger);
      if (options.role === 'main' && options.timers) {
        duties = startClusterDuties(runtime, link, { resumeDue: () => executions.resumeDue(), ...schedules });
      }
    },
    resumeDue: () => executions.resumeDue(),
    async drain() {
      executions.stopAccepting();
      sampler?.stop();
      await duties?.stop();
      // Everything accepted is committed already; the relay hands over what it has taken.
      await relay.stop();
      return true;
    },
    close: () => link.close(),
  };
}
