// KlikkFlow in scale mode as a system under test: one main, one webhook process and N workers of the built
// CLI, on a PostgreSQL schema and a Redis key prefix of their own (the services are shared, so nothing else
// there is touched), both removed when the cluster stops.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { deployWorkflows, klikkflowCommand } from './klikkflow-system.mjs';
import {
  freePort,
  logTail,
  processInfo,
  send,
  spawnSystem,
  stopProcess,
  waitUntil,
  withLogTail,
} from './sut-process.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The same key in every process: each must read what the others encrypted. */
const ENCRYPTION_KEY = 'klikkflow-bench-scale-encryption-key-0123456789';
/** Processes of this size on a loaded machine can take a while to start (the main migrates the schema). */
const START_TIMEOUT_MS = 60_000;

/**
 * The PostgreSQL and Redis the cluster uses: `KLIKKFLOW_BENCH_DATABASE_URL` and `KLIKKFLOW_BENCH_REDIS_URL`,
 * by default the shared test services on the loopback interface.
 */
export function scaleServices(env = process.env) {
  return {
    databaseUrl: env.KLIKKFLOW_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: env.KLIKKFLOW_BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}

/**
 * Where each process runs: with a CPU of its own for the load generator (the plan's), the webhook process
 * and every worker, plus one left for the main, PostgreSQL and Redis, each of those is pinned; with fewer
 * CPUs only the load generator is, since pinning the cluster to what remains would make the workers share
 * one core and measure nothing. Returns the CPU of each role (undefined: unpinned) and a note saying so.
 */
export function planScalePinning(plan, maxWorkers) {
  if (!plan.pinned) return { webhookCpu: undefined, workerCpus: [], note: plan.note };
  const [loadCpu, webhookCpu, ...rest] = plan.cpus;
  if (rest.length >= maxWorkers + 1) {
    const workerCpus = rest.slice(0, maxWorkers);
    return {
      webhookCpu,
      workerCpus,
      note: `load generator on CPU ${loadCpu}, webhook process on CPU ${webhookCpu}, workers on CPUs ${workerCpus.join(', ')}; the main, PostgreSQL and Redis unpinned`,
    };
  }
  return {
    webhookCpu: undefined,
    workerCpus: [],
    note: `load generator on CPU ${loadCpu}; the main, the webhook process, the workers, PostgreSQL and Redis unpinned (${plan.cpus.length} CPUs are too few to give each worker its own)`,
  };
}

/** The plan `spawnSystem` needs to put one process on `cpu`, or nowhere in particular. */
function planFor(plan, cpu) {
  return plan.pinned && cpu !== undefined ? { ...plan, sutCpu: cpu } : { pinned: false };
}

/** The sum of every sample of a Prometheus counter or gauge on `base`/metrics. */
export async function metricSum(base, name) {
  const { text } = await send(`${base}/metrics`);
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{.*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) sum += Number(match[2]);
  }
  return sum;
}

async function deleteRedisKeys(redisUrl, prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * The pids of PostgreSQL's server process (the parent of this bench's backend) and of Redis, where they run
 * on this machine (else undefined), so their CPU can be measured. Both serve every client, not only this bench.
 */
export async function servicePids({ databaseUrl, redisUrl }) {
  const backend = await withDatabase(databaseUrl, async (client) => {
    const { rows } = await client.query('select pg_backend_pid() as pid');
    return processInfo(rows[0].pid);
  });
  const postgres =
    backend?.command === 'postgres' && processInfo(backend.parent)?.command === 'postgres'
      ? backend.parent
      : undefined;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const info = await redis.info('server').finally(() => redis.disconnect());
  const redisPid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
  return { postgres, redis: processInfo(redisPid)?.command === 'redis-server' ? redisPid : undefined };
}

async function withDatabase(databaseUrl, use) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Starts a cluster with `workers` workers of `concurrency` each, every process's data dir and log under
 * `work`: the main first (it migrates the schema and creates the owner), then `workflows` deployed through
 * its API, then the webhook process and the workers, which load the active workflows as they start.
 * Resolves once every process answers `/healthz`; on a failure, stops what started and cleans up.
 */
export async function startScaleCluster({ plan, pinning, workers, concurrency, workflows, work, label }) {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const { databaseUrl, redisUrl } = scaleServices();
  const scale = {
    databaseUrl,
    redisUrl,
    databaseSchema: `bench_scale_${id}`,
    redisPrefix: `klikkflow-bench-scale-${id}`,
    encryptionKey: ENCRYPTION_KEY,
  };
  const processes = [];

  const start = async (role, name, cpu) => {
    const port = await freePort();
    const logFile = join(work, `${label}-${name}.log`);
    const { args, env } = klikkflowCommand({
      dataDir: join(work, `${label}-${name}`),
      port,
      saveExecutions: 'all',
      scale: { ...scale, role, concurrency },
    });
    const logFd = openSync(logFile, 'a');
    const child = spawnSystem(planFor(plan, cpu), args, { cwd: root, env, logFd });
    const started = { role, name, child, base: `http://127.0.0.1:${port}`, logFile, logFd };
    processes.push(started);
    const what = `${label}: ${name}`;
    try {
      await waitUntil(child, async () => (await send(`${started.base}/healthz`)).status === 200, {
        what,
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 50,
      });
    } catch (error) {
      throw withLogTail(error, what, logFile);
    }
    return started;
  };

  const stop = async () => {
    await Promise.all(processes.map((started) => stopProcess(started.child)));
    for (const started of processes) closeSync(started.logFd);
    await withDatabase(databaseUrl, (client) =>
      client.query(`drop schema if exists "${scale.databaseSchema}" cascade`),
    );
    await deleteRedisKeys(redisUrl, scale.redisPrefix);
  };

  try {
    const main = await start('main', 'main', undefined);
    await deployWorkflows(main.base, workflows);
    const [webhook, ...workerProcesses] = await Promise.all([
      start('webhook', 'webhook', pinning.webhookCpu),
      ...Array.from({ length: workers }, (_, index) =>
        start('worker', `worker-${index + 1}`, pinning.workerCpus[index]),
      ),
    ]);
    return {
      main,
      webhook,
      workers: workerProcesses,
      processes,
      /** Stored executions by status, e.g. `{ success: 1200 }`. */
      executionCounts: () =>
        withDatabase(databaseUrl, async (client) => {
          const { rows } = await client.query(
            `select status, count(*)::int as count from "${scale.databaseSchema}".executions group by status`,
          );
          return Object.fromEntries(rows.map((row) => [row.status, row.count]));
        }),
      /** `error` with the last lines of every process's log appended. */
      withLogs(error) {
        const message = error instanceof Error ? error.message : String(error);
        const tails = processes.map(
          (started) => `--- last lines of ${started.name} ---\n${logTail(started.logFile, 10)}`,
        );
        return new Error(`${label}: ${message}\n${tails.join('\n')}`, { cause: error });
      },
      stop,
    };
  } catch (error) {
    // The start's failure is the one to report; a failed clean-up only adds to it.
    await stop().catch((cleanup) =>
      process.stderr.write(`${label}: cleaning up failed: ${cleanup.message}\n`),
    );
    throw error;
  }
}
