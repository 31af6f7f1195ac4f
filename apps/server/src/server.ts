import { readFileSync } from 'node:fs';
import { builtinCredentials } from '@klikkflow/nodes';
import { createInProcessEventBus } from '@klikkflow/queue';
import { createLoginThrottle } from '@klikkflow/security';
import type { ExecutionEvent } from '@klikkflow/types';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.js';
import { createAuthService } from './auth/auth-service.js';
import type { ExecutionService } from './executions/execution-service.js';
import { createExecutionStack } from './executions/execution-stack.js';
import { outcomeEffects } from './executions/outcome-effects.js';
import { createHttpApp } from './http/create-app.js';
import { apiRouteSets } from './routes/index.js';
import { systemRoutes } from './routes/system.routes.js';
import {
  openRuntime,
  PRUNE_INTERVAL_MS,
  pruneExecutions,
  type Runtime,
  type RuntimeOptions,
} from './runtime.js';
import { announcedTriggers } from './scale/announced-triggers.js';
import { createIngress } from './scale/ingress.js';
import type { ScaleLink } from './scale/scale-link.js';
import { createScheduleRunner } from './triggers/schedule-runner.js';
import { createTriggerService } from './triggers/trigger-service.js';
import { createWebhookHandler, type WebhookTarget } from './triggers/webhook-handler.js';
import { createWebhookListener } from './triggers/webhook-listener.js';
import { WebhookTable } from './triggers/webhook-routes.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The roles a server process plays. `webhook` exists only in scale mode. */
export type ServerRole = 'main' | 'webhook';

/** How the server is built; everything but `config` has a production default. */
export interface ServerOptions extends RuntimeOptions {
  /**
   * `main` (default): the API, the editor, webhooks, schedules. `webhook` (scale mode): only webhooks,
   * health and metrics, to scale ingress behind a load balancer.
   */
  role?: ServerRole;
  /** Background timers: waiting executions, schedules, pruning (default true; tests drive them by hand). */
  timers?: boolean;
}

/** A built server: the HTTP app and its services. `close` is the graceful shutdown (G9). */
export interface KlikkflowServer {
  app: FastifyInstance;
  context: AppContext;
  /** The schedule runner and the waiting-execution poller, for tests with a fake clock. */
  tickTimers(): Promise<void>;
  /** Listens on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, lets accepted executions finish (up to the shutdown timeout), then closes everything. */
  close(): Promise<void>;
}

/** How executions leave this process: an in-process queue (embedded), or the workers (scale mode). */
interface ExecutionSide {
  executions: ExecutionService;
  events: AppContext['events'];
  /** Resumes what a previous run of this process left (embedded) or starts the cluster duties (scale). */
  begin(schedules: { startSchedules(): void; stopSchedules(): void }): Promise<void>;
  resumeDue(): Promise<number>;
  /** Stops accepting and drains; resolves false when the shutdown timeout passed first. */
  drain(): Promise<boolean>;
  close(): Promise<void>;
}

/** Embedded mode: executions run in this process through the bounded in-process queue. */
function embeddedSide(runtime: Runtime, timers: boolean): ExecutionSide {
  const { config, logger, metrics } = runtime;
  const events = createInProcessEventBus<ExecutionEvent>({
    onError: (error) => logger.warn({ err: error }, 'a live-update listener failed'),
  });
  const stack = createExecutionStack({
    registry: runtime.registry,
    sandbox: runtime.sandbox,
    clock: runtime.clock,
    ports: runtime.io.ports,
    repos: runtime.repos,
    workflows: runtime.workflows,
    credentials: runtime.credentials,
    variables: runtime.variables,
    events,
    concurrency: config.concurrency,
    capacity: config.queueCapacity,
    saveDefault: config.saveExecutions,
    onOutcome: outcomeEffects(runtime, () => stack.executions),
    onJobError: (error, job) =>
      logger.error({ err: error, executionId: job.executionId }, 'an execution job failed'),
  });
  // Read when /metrics is rendered, not set on every queue change (several per execution).
  metrics.beforeRender(() => {
    metrics.queueDepth.set(stack.queue.depth);
    metrics.executionsActive.set(stack.queue.active);
  });
  const intervals: ReturnType<typeof setInterval>[] = [];
  return {
    executions: stack.executions,
    events,
    async begin(duties) {
      const recovered = await stack.executions.recover();
      if (recovered > 0) logger.info({ recovered }, 'resumed executions left unfinished by the last run');
      if (!timers) return;
      duties.startSchedules();
      const prune = () =>
        void pruneExecutions(runtime).catch((error) => logger.error({ err: error }, 'pruning failed'));
      intervals.push(setInterval(prune, PRUNE_INTERVAL_MS));
      prune();
      intervals.push(
        setInterval(
          () =>
            void stack.executions
              .resumeDue()
              .catch((error) => logger.error({ err: error }, 'resuming waiting executions failed')),
          1_000,
        ),
      );
      for (const interval of intervals) interval.unref();
    },
    resumeDue: () => stack.executions.resumeDue(),
    async drain() {
      stack.executions.stopAccepting();
      for (const interval of intervals) clearInterval(interval);
      // Accepted executions finish; what does not finish in time stays stored and resumes on the next start.
      let timeout: ReturnType<typeof setTimeout> | undefined;
      const drained = await Promise.race([
        stack.queue.close().then(() => true),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => resolve(false), config.shutdownTimeoutMs);
        }),
      ]);
      clearTimeout(timeout);
      return drained;
    },
    close: async () => undefined,
  };
}

/** Builds the server for the embedded default (SQLite, in-process queue), PostgreSQL, or a scale-mode role. */
export async function createServer(options: ServerOptions): Promise<KlikkflowServer> {
  const role = options.role ?? 'main';
  const runtime = await openRuntime(options);
  const { config, logger, clock, repos, metrics } = runtime;
  let link: ScaleLink | undefined;
  try {
    // Loaded only in scale mode: an embedded server never pays for the Redis and BullMQ libraries.
    const connect = config.redisUrl ? (await import('./scale/scale-link.js')).connectScale : undefined;
    link = connect ? await connect(config, logger, `klikkflow-${role}`) : undefined;
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const side: ExecutionSide = link
    ? createIngress(runtime, link, { role, timers: options.timers !== false })
    : embeddedSide(runtime, options.timers !== false);
  const { executions, events } = side;
  const auth = createAuthService({ repos, throttle: createLoginThrottle(), clock });
  const production = new WebhookTable<WebhookTarget>();
  const test = new WebhookTable<WebhookTarget>();
  const schedules = createScheduleRunner({
    schedules: repos.schedules,
    executions,
    clock,
    metrics,
    catchUp: config.scheduleCatchUp,
    onError: (error, workflowId) => logger.error({ err: error, workflowId }, 'a schedule did not fire'),
  });
  const localTriggers = createTriggerService({
    webhooks: repos.webhooks,
    production,
    test,
    schedules,
    clock,
  });
  // Subscribed before the workflows are loaded below: a change announced meanwhile is not missed.
  const triggers = link ? await announcedTriggers(localTriggers, link, runtime) : localTriggers;

  const context: AppContext = {
    config,
    logger,
    clock,
    database: runtime.database,
    repos,
    registry: runtime.registry,
    credentialTypes: builtinCredentials,
    auth,
    credentials: runtime.credentials,
    executions,
    triggers,
    metrics,
    events,
    variables: runtime.variables,
    reloadVariables: runtime.reloadVariables,
    version,
  };
  const webhooks = createWebhookListener({
    handle: createWebhookHandler({
      production,
      test,
      executions,
      credentials: runtime.credentials,
      blobs: runtime.io.ports.blobs,
      clock,
      metrics,
    }),
    bodyLimit: config.maxBodyMb * 1024 * 1024,
    database: runtime.database,
    metrics,
    logger,
  });
  const routeSets = role === 'webhook' ? [systemRoutes] : apiRouteSets;
  const app = createHttpApp(context, routeSets, undefined, webhooks);

  if (role === 'main' && (await auth.ensureOwner(config.ownerEmail, config.ownerPassword))) {
    logger.info({ email: config.ownerEmail }, 'created the owner account from KLIKKFLOW_OWNER_EMAIL');
  }
  for (const record of await repos.workflows.listActive()) {
    try {
      // Activating (not just loading) also registers workflows marked active outside the server (CLI import).
      await (role === 'main'
        ? localTriggers.activate(record.definition)
        : localTriggers.load(record.definition));
    } catch (error) {
      logger.error({ err: error, workflowId: record.id }, 'an active workflow could not be loaded');
    }
  }
  await side.begin({
    startSchedules: () => schedules.start(),
    stopSchedules: () => schedules.stop(),
  });

  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    schedules.stop();
    if (!(await side.drain()))
      logger.warn('shutdown timeout: unfinished executions resume on the next start');
    const closed = app.close();
    // Live-update streams never end by themselves; every answer owed to a caller has been sent by now.
    app.server.closeAllConnections();
    await closed;
    await side.close();
    await runtime.close();
  }

  return {
    app,
    context,
    async tickTimers() {
      await schedules.tick();
      await side.resumeDue();
    },
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
