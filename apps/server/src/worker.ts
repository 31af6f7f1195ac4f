import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createLoginThrottle } from '@klikkflow/security';
import type { Item } from '@klikkflow/types';
import type { FastifyInstance } from 'fastify';
import { createAuthService } from './auth/auth-service.js';
import { liveTopicOf } from './executions/live-topic.js';
import { outcomeEffects } from './executions/outcome-effects.js';
import { createHttpApp } from './http/create-app.js';
import { systemRoutes } from './routes/system.routes.js';
import { openRuntime, type RuntimeOptions } from './runtime.js';
import { createDistributedExecutionService } from './scale/distributed-execution-service.js';
import { createDurableRunner, type DurableRunner } from './scale/durable-runner.js';
import { createOutboxRelay } from './scale/outbox-relay.js';
import { startQueueSampler } from './scale/queue-sampler.js';
import { createRemoteOutcomes } from './scale/remote-outcomes.js';
import type { ScaleLink } from './scale/scale-link.js';
import { jobIdFor, outcomeTopic } from './scale/work-messages.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** A scale-mode worker: claims executions from the queue and runs them durably. */
export interface KlikkflowWorker {
  /** The health and metrics server. */
  app: FastifyInstance;
  runner: DurableRunner;
  /** This worker's name in lease rows. */
  owner: string;
  /** Starts claiming executions and listens on `KLIKKFLOW_WORKER_PORT`; resolves to the base URL. */
  start(): Promise<string>;
  /**
   * Graceful drain (G9): stops claiming, lets running executions finish until the shutdown timeout, then
   * stops the rest at their next step; each gives its lease back and resumes on another worker.
   */
  close(): Promise<void>;
}

/** Builds a worker (scale mode: `KLIKKFLOW_DATABASE_URL` and `KLIKKFLOW_REDIS_URL` are required). */
export async function createWorker(
  options: RuntimeOptions & { concurrency?: number },
): Promise<KlikkflowWorker> {
  const runtime = await openRuntime(options);
  const { config, logger, repos, metrics, clock } = runtime;
  let link: ScaleLink;
  try {
    // Loaded here, not at the top: the CLI imports this module in every role, and only workers need Redis.
    const { connectScale } = await import('./scale/scale-link.js');
    link = await connectScale(config, logger, 'klikkflow-worker');
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const owner = `worker-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  // A worker starts executions too: the error workflows of the ones that fail.
  const relay = createOutboxRelay({
    outbox: repos.outbox,
    work: link.work,
    onError: (error) => logger.warn({ err: error }, 'relaying the outbox failed; retrying'),
  });
  const starter = createDistributedExecutionService({
    executions: repos.executions,
    leases: repos.leases,
    relay,
    outcomes: createRemoteOutcomes({ bus: link.outcomes, executions: repos.executions, pollMs: 1_000 }),
    control: link.control,
    clock,
    backlogFull: () => false,
  });
  const effects = outcomeEffects(runtime, () => starter);
  const runner = createDurableRunner({
    registry: runtime.registry,
    sandbox: runtime.sandbox,
    clock,
    ports: runtime.io.ports,
    workflows: runtime.workflows,
    credentials: runtime.credentials,
    variables: runtime.variables,
    executions: repos.executions,
    leases: repos.leases,
    owner,
    leaseMs: config.leaseMs,
    saveDefault: config.saveExecutions,
    onEvent(event, workflowId) {
      link.events.publish(liveTopicOf(workflowId), event);
    },
    onCommit(executionId, view) {
      link.outcomes.publish(outcomeTopic(executionId), { type: 'commit', view });
    },
    onOutcome(outcome, job) {
      const { state: _state, ...reported } = outcome;
      link.outcomes.publish(outcomeTopic(outcome.executionId), { type: 'end', outcome: reported });
      effects(outcome, job);
    },
    onTakeover: (claim) => {
      metrics.executionsStalled.inc();
      logger.warn(
        { executionId: claim.executionId, recoveries: claim.recoveries },
        'took over an expired lease',
      );
    },
    onReleased: (executionId, epoch) => link.work.add([{ executionId, jobId: jobIdFor(executionId, epoch) }]),
  });
  await link.onControl((message) => {
    if (message.type === 'cancel') runner.cancel(message.executionId);
  });
  const auth = createAuthService({ repos, throttle: createLoginThrottle(), clock });
  const app = createHttpApp({ config, logger, version, database: runtime.database, metrics, auth }, [
    systemRoutes,
  ]);

  let sampler: Awaited<ReturnType<typeof startQueueSampler>> | undefined;
  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    sampler?.stop();
    // Stop claiming; running executions get the shutdown timeout to finish, then stop at their next step.
    const stopped = link.work.stopConsuming();
    const timeout = setTimeout(() => runner.drain(), config.shutdownTimeoutMs);
    await stopped;
    clearTimeout(timeout);
    await relay.stop();
    await app.close();
    await link.close();
    await runtime.close();
  }

  return {
    app,
    runner,
    owner,
    async start() {
      sampler = await startQueueSampler(link.work, metrics, logger);
      relay.start(500);
      link.work.consume(
        (executionId, data) => runner.run(executionId, data?.parkedOutput as Item[] | undefined),
        { concurrency: options.concurrency ?? config.concurrency },
      );
      await app.listen({ port: config.workerPort, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.workerPort;
      logger.info({ owner, port }, 'worker started');
      return `http://${config.host}:${port}`;
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
