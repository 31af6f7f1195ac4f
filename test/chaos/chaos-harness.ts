import { afterAll, beforeAll } from 'vitest';
import { ensureBuilt } from '../support/ensure-built.js';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres.js';
import { type PrivateRedis, startPrivateRedis } from '../support/private-redis.js';
import { verifyChaosRun } from './chaos-checks.js';
import { chaosWorkflow } from './chaos-workflow.js';
import { type Cluster, type ClusterOptions, scenarioName, startCluster } from './cluster.js';
import { type ChaosDb, openChaosDb } from './cluster-db.js';
import { type LedgerServer, startLedgerServer } from './ledger-server.js';

/** A running scenario: its cluster, ledger and database reader, with the chaos workflow active. */
export interface Scenario {
  /** Unique per run: the schema, the Redis prefix, the workflow id and its webhook path. */
  name: string;
  cluster: Cluster;
  ledger: LedgerServer;
  db: ChaosDb;
  /** The chaos workflow's webhook URL on the main or the webhook process. */
  webhookUrl(via?: 'main' | 'webhook'): string;
  /** Checks every invariant over the executions whose calls were accepted (see {@link verifyChaosRun}). */
  verify(
    acceptedIds: readonly string[],
    limits: { terminalWithinMs: number; maxDeliveriesPerKey: number },
  ): ReturnType<typeof verifyChaosRun>;
  /** Stops the cluster, the ledger and the reader (also done after the file, whatever happened). */
  stop(): Promise<void>;
}

/** How a scenario's cluster and workflow are set up. */
export type ScenarioOptions = Omit<ClusterOptions, 'databaseUrl' | 'schema' | 'redisUrl' | 'redisPrefix'> & {
  /** Ledger answer delays of the two side-effect nodes. */
  delayMsA?: number;
  delayMsB?: number;
};

/** What a chaos test file shares: one private PostgreSQL and one private Redis. */
export interface ChaosServices {
  postgres(): PrivatePostgres;
  redis(): PrivateRedis;
  /** Starts a cluster on the shared services, in a schema and Redis prefix of its own. */
  startScenario(scenario: string, options: ScenarioOptions): Promise<Scenario>;
}

/** Generous: it covers the `tsc -b` of `ensureBuilt`, initdb and the first cluster's start. */
export const SETUP_TIMEOUT_MS = 240_000;

/**
 * Registers the file's hooks: `beforeAll` builds the CLI and starts the private services; `afterAll` stops
 * every scenario still running (killing every process, even after a failure), then the services.
 */
export function useChaosServices(): ChaosServices {
  let postgres: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  const running = new Set<Scenario>();

  beforeAll(async () => {
    await ensureBuilt();
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    const stops = [...running].map((scenario) => scenario.stop());
    await Promise.allSettled(stops);
    await Promise.allSettled([postgres?.dispose(), redis?.dispose()]);
  }, 60_000);

  const services: ChaosServices = {
    postgres: () => required(postgres, 'PostgreSQL'),
    redis: () => required(redis, 'Redis'),
    async startScenario(scenario, options) {
      const name = scenarioName(scenario);
      const { delayMsA, delayMsB, ...clusterOptions } = options;
      const databaseUrl = services.postgres().url;
      const ledger = await startLedgerServer();
      let cluster: Cluster;
      try {
        cluster = await startCluster({
          ...clusterOptions,
          databaseUrl,
          schema: name,
          redisUrl: services.redis().url,
          redisPrefix: name,
        });
      } catch (error) {
        await ledger.close();
        throw error;
      }
      const db = openChaosDb(databaseUrl, name);
      let stopping: Promise<void> | undefined;
      const started: Scenario = {
        name,
        cluster,
        ledger,
        db,
        webhookUrl: (via) => cluster.webhookUrl(name, via),
        verify: (acceptedIds, limits) =>
          verifyChaosRun({ db, ledger, workflowId: name, acceptedIds: [...acceptedIds], ...limits }),
        stop() {
          running.delete(started);
          stopping ??= (async () => {
            await cluster.stop();
            await Promise.allSettled([ledger.close(), db.close()]);
          })();
          return stopping;
        },
      };
      running.add(started);
      const workflow = chaosWorkflow({
        id: name,
        path: name,
        ledgerUrl: ledger.url,
        ...(delayMsA !== undefined && { delayMsA }),
        ...(delayMsB !== undefined && { delayMsB }),
      });
      await cluster.activate(workflow, name);
      return started;
    },
  };
  return services;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the private ${what} is not running (beforeAll failed)`);
  return value;
}

/** A failure message: the violated invariants, then every process's output. */
export function failureReport(problems: readonly string[], cluster: Cluster): string {
  return `${problems.join('\n')}\n\nprocess output:\n${cluster.logs()}`;
}
