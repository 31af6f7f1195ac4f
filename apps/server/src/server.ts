import { readFileSync } from 'node:fs';
import { type AppLogger, type Config, createLogger, createMetrics } from '@klikkflow/core';
import { createRepositories } from '@klikkflow/database';
import { type Clock, createNodeRegistry, realClock, type ScriptSandbox } from '@klikkflow/engine';
import { builtinCredentials, builtinNodes } from '@klikkflow/nodes';
import { createInProcessEventBus } from '@klikkflow/queue';
import { createProcessSandbox } from '@klikkflow/sandbox';
import { createCredentialCipher, createLoginThrottle, loadOrCreateEncryptionKey } from '@klikkflow/security';
import { type ExecutionEvent, UserError } from '@klikkflow/types';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.js';
import { createAuthService } from './auth/auth-service.js';
import { openConfiguredDatabase } from './configured-database.js';
import { createCredentialService } from './credentials/credential-service.js';
import { startErrorWorkflow } from './executions/error-workflow.js';
import { createExecutionStack } from './executions/execution-stack.js';
import { createHttpApp } from './http/create-app.js';
import { createIoPorts } from './io-ports.js';
import { apiRouteSets } from './routes/index.js';
import { createScheduleRunner } from './triggers/schedule-runner.js';
import { createTriggerService } from './triggers/trigger-service.js';
import { registerWebhookRoutes, type WebhookTarget } from './triggers/webhook-handler.js';
import { WebhookTable } from './triggers/webhook-routes.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** How the server is built; everything but `config` has a production default. */
export interface ServerOptions {
  config: Config;
  logger?: AppLogger;
  clock?: Clock;
  /** Sandbox for expressions and Code nodes (default: a worker process running isolated-vm). */
  sandbox?: ScriptSandbox;
  /** PostgreSQL schema (tests give each run its own). */
  databaseSchema?: string;
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

async function encryptionKey(config: Config, logger: AppLogger): Promise<string> {
  if (config.databaseUrl && !config.encryptionKey) {
    // Several processes share a PostgreSQL database: a key generated into one data dir would not be theirs.
    throw new UserError(
      'ENCRYPTION_KEY_REQUIRED',
      'KLIKKFLOW_ENCRYPTION_KEY must be set when KLIKKFLOW_DATABASE_URL is (every process needs the same key)',
    );
  }
  const { key } = await loadOrCreateEncryptionKey({
    ...(config.encryptionKey !== undefined && { configured: config.encryptionKey }),
    dataDir: config.dataDir,
    onCreated: (path) =>
      logger.warn(
        { path },
        `generated a new credential encryption key at ${path}: back this file up; without it stored credentials cannot be decrypted`,
      ),
  });
  return key;
}

/** Builds the server for the embedded default (SQLite, in-process queue) or PostgreSQL, from config. */
export async function createServer(options: ServerOptions): Promise<KlikkflowServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const clock = options.clock ?? realClock;
  const { connection: database } = await openConfiguredDatabase(
    config,
    options.databaseSchema ? { schema: options.databaseSchema } : {},
  );
  const repos = createRepositories(database);
  const cipher = createCredentialCipher(await encryptionKey(config, logger));
  const credentials = createCredentialService({
    repository: repos.credentials,
    cipher,
    types: builtinCredentials,
  });
  const registry = createNodeRegistry(builtinNodes);
  const sandbox = options.sandbox ?? createProcessSandbox();
  const io = await createIoPorts(config);
  const metrics = createMetrics();
  const events = createInProcessEventBus<ExecutionEvent>({
    onError: (error) => logger.warn({ err: error }, 'a live-update listener failed'),
  });
  let variables: Record<string, string> = await repos.variables.asRecord();
  const auth = createAuthService({ repos, throttle: createLoginThrottle(), clock });

  const stack = createExecutionStack({
    registry,
    sandbox,
    clock,
    ports: io.ports,
    repos,
    credentials,
    variables: () => variables,
    events,
    concurrency: config.concurrency,
    capacity: config.queueCapacity,
    saveDefault: config.saveExecutions,
    onOutcome(outcome, job) {
      metrics.executionsTotal.inc({ status: outcome.status, mode: job.mode });
      const startedAt = outcome.state?.startedAt;
      if (startedAt !== undefined) {
        metrics.executionDuration.observe({ status: outcome.status }, (clock.now() - startedAt) / 1000);
      }
      if (outcome.status === 'error') {
        startErrorWorkflow({ outcome, job, repos, executions: stack.executions }).catch((error) =>
          logger.error({ err: error, executionId: outcome.executionId }, 'the error workflow did not start'),
        );
      }
    },
    onJobError: (error, job) =>
      logger.error({ err: error, executionId: job.executionId }, 'an execution job failed'),
    onQueueChange: (state) => {
      metrics.queueDepth.set(state.depth);
      metrics.executionsActive.set(state.active);
    },
  });
  const { queue, executions } = stack;
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
  const triggers = createTriggerService({ webhooks: repos.webhooks, production, test, schedules, clock });

  const context: AppContext = {
    config,
    logger,
    clock,
    database,
    repos,
    registry,
    credentialTypes: builtinCredentials,
    auth,
    credentials,
    executions,
    triggers,
    metrics,
    events,
    variables: () => variables,
    reloadVariables: async () => {
      variables = await repos.variables.asRecord();
    },
    version,
  };
  const app = createHttpApp(context, apiRouteSets, (instance) =>
    registerWebhookRoutes(instance, {
      production,
      test,
      executions,
      credentials,
      blobs: io.ports.blobs,
      clock,
      metrics,
      bodyLimit: config.maxBodyMb * 1024 * 1024,
    }),
  );

  if (await auth.ensureOwner(config.ownerEmail, config.ownerPassword)) {
    logger.info({ email: config.ownerEmail }, 'created the owner account from KLIKKFLOW_OWNER_EMAIL');
  }
  for (const record of await repos.workflows.listActive()) {
    try {
      // Activating (not just loading) also registers workflows marked active outside the server (CLI import).
      await triggers.activate(record.definition);
    } catch (error) {
      logger.error({ err: error, workflowId: record.id }, 'an active workflow could not be loaded');
    }
  }
  const recovered = await executions.recover();
  if (recovered > 0) logger.info({ recovered }, 'resumed executions left unfinished by the last run');

  const prune = async () => {
    const deleted = await repos.executions.prune({
      finishedBefore: clock.now() - config.pruneMaxAgeHours * 3_600_000,
      keep: config.pruneMaxCount,
    });
    await repos.sessions.deleteExpired(clock.now());
    if (deleted > 0) logger.info({ deleted }, 'pruned old executions');
  };
  const tickTimers = async () => {
    await schedules.tick();
    await executions.resumeDue();
  };
  const timers: ReturnType<typeof setInterval>[] = [];
  if (options.timers !== false) {
    schedules.start();
    timers.push(
      setInterval(
        () =>
          void executions
            .resumeDue()
            .catch((error) => logger.error({ err: error }, 'resuming waiting executions failed')),
        1_000,
      ),
    );
    timers.push(
      setInterval(
        () => void prune().catch((error) => logger.error({ err: error }, 'pruning failed')),
        3_600_000,
      ),
    );
    for (const timer of timers) timer.unref();
    void prune().catch((error) => logger.error({ err: error }, 'pruning failed'));
  }

  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    executions.stopAccepting();
    schedules.stop();
    for (const timer of timers) clearInterval(timer);
    // Accepted executions finish; what does not finish in time stays stored and resumes on the next start.
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const drained = await Promise.race([
      queue.close().then(() => true),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), config.shutdownTimeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    if (!drained) logger.warn('shutdown timeout: unfinished executions resume on the next start');
    const closed = app.close();
    // Live-update streams never end by themselves; every answer owed to a caller has been sent by now.
    app.server.closeAllConnections();
    await closed;
    if (!options.sandbox) await sandbox.dispose();
    await database.close();
  }

  return {
    app,
    context,
    tickTimers,
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
