import { type AppLogger, type Config, createLogger, createMetrics, type Metrics } from '@klikkflow/core';
import { createRepositories, type DatabaseConnection, type Repositories } from '@klikkflow/database';
import {
  type Clock,
  createNodeRegistry,
  type NodeRegistry,
  realClock,
  type ScriptSandbox,
  type WorkflowLoader,
} from '@klikkflow/engine';
import { builtinNodes } from '@klikkflow/nodes';
import { createProcessSandbox } from '@klikkflow/sandbox';
import { openConfiguredDatabase } from './configured-database.js';
import type { CredentialService } from './credentials/credential-service.js';
import { keyCreatedWarning, openCredentialVault } from './credentials/credential-vault.js';
import { storedWorkflowLoader } from './executions/stored-workflow-loader.js';
import { createIoPorts, type IoPorts } from './io-ports.js';

/** How a process of any role is built; everything but `config` has a production default. */
export interface RuntimeOptions {
  config: Config;
  logger?: AppLogger;
  clock?: Clock;
  /** Sandbox for expressions and Code nodes (default: a worker process running isolated-vm). */
  sandbox?: ScriptSandbox;
  /** PostgreSQL schema (tests give each run its own; default `KLIKKFLOW_DATABASE_SCHEMA`). */
  databaseSchema?: string;
}

/** What every role shares: configuration, database, vault, nodes, sandbox, I/O and metrics. */
export interface Runtime {
  config: Config;
  logger: AppLogger;
  clock: Clock;
  database: DatabaseConnection;
  repos: Repositories;
  credentials: CredentialService;
  registry: NodeRegistry;
  sandbox: ScriptSandbox;
  io: IoPorts;
  metrics: Metrics;
  /** Loads sub-workflows for the engine from the database. */
  workflows: WorkflowLoader;
  /** `$vars` as of now (kept in memory; reloaded when variables change). */
  variables(): Record<string, string>;
  reloadVariables(): Promise<void>;
  /** Closes the sandbox (when the runtime made it) and the database. */
  close(): Promise<void>;
}

/** Opens the database (migrating it) and builds what every role shares. */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const { connection: database } = await openConfiguredDatabase(config, {
    backgroundCheckpoints: true,
    ...(options.databaseSchema && { schema: options.databaseSchema }),
  });
  try {
    const repos = createRepositories(database);
    const credentials = await openCredentialVault(config, repos.credentials, (path) =>
      logger.warn({ path }, keyCreatedWarning(path)),
    );
    const sandbox = options.sandbox ?? createProcessSandbox();
    let variables: Record<string, string> = await repos.variables.asRecord();
    return {
      config,
      logger,
      clock: options.clock ?? realClock,
      database,
      repos,
      credentials,
      registry: createNodeRegistry(builtinNodes),
      sandbox,
      io: await createIoPorts(config),
      metrics: createMetrics(),
      workflows: storedWorkflowLoader(repos.workflows),
      variables: () => variables,
      reloadVariables: async () => {
        variables = await repos.variables.asRecord();
      },
      async close() {
        if (!options.sandbox) await sandbox.dispose();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** How often finished executions are pruned. */
export const PRUNE_INTERVAL_MS = 3_600_000;

/** Deletes finished executions past `KLIKKFLOW_PRUNE_MAX_AGE_HOURS` or `_MAX_COUNT`, and expired sessions. */
export async function pruneExecutions(runtime: Pick<Runtime, 'config' | 'repos' | 'clock' | 'logger'>) {
  const { config, repos, clock } = runtime;
  const deleted = await repos.executions.prune({
    finishedBefore: clock.now() - config.pruneMaxAgeHours * 3_600_000,
    keep: config.pruneMaxCount,
  });
  await repos.sessions.deleteExpired(clock.now());
  if (deleted > 0) runtime.logger.info({ deleted }, 'pruned old executions');
}
