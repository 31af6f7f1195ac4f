// Scale mode, 1 worker against 2: the simple scenario sent by autocannon to one webhook process, executions
// run on the workers and their answers come back through Redis, on PostgreSQL and Redis; a main runs too (the
// API that deploys the workflow, the leader's duties). Each worker count gets a fresh cluster on its own
// schema and key prefix, so the second run does not start with the first one's executions.
// Run it with `npm run bench -- scale [--duration S] [--quick]` (the script builds first).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAnswer } from './klikkflow-system.mjs';
import {
  metricSum,
  planScalePinning,
  scaleServices,
  servicePids,
  startScaleCluster,
} from './scale-cluster.mjs';
import { formatScaleReport } from './scale-report.mjs';
import {
  cpuBusySeconds,
  planPinning,
  removeOnExit,
  runLoadGenerator,
  treeCpuSeconds,
  waitForQuiet,
  waitUntil,
} from './sut-process.mjs';
import { SIMPLE_PATH, simpleAnswer, simpleBody, simpleWebhookWorkflow } from './webhook-scenarios.mjs';

const CONNECTIONS = 50;
/** Each worker may run every request in flight at once, so its slots never cap the 1-worker figure. */
const CONCURRENCY = CONNECTIONS;
/** The worker counts compared. */
const WORKER_COUNTS = [1, 2];

/**
 * What each process and local service has used so far (CPU seconds), the machine's busy seconds and each
 * worker's executions, and when.
 */
async function snapshot(cluster, services) {
  const cpuOf = (pid) => (pid === undefined ? undefined : treeCpuSeconds(pid));
  return {
    atS: performance.now() / 1000,
    cpu: Object.fromEntries(cluster.processes.map((p) => [p.name, treeCpuSeconds(p.child.pid)])),
    postgres: cpuOf(services.postgres),
    redis: cpuOf(services.redis),
    machineBusy: cpuBusySeconds(),
    executions: await Promise.all(
      cluster.workers.map((worker) => metricSum(worker.base, 'klikkflow_executions_total')),
    ),
  };
}

async function waitForAllQuiet(cluster) {
  for (const started of cluster.processes) await waitForQuiet(started.child.pid);
}

/** Cores each process used between two snapshots, the machine's busy cores and the executions per worker. */
function usageBetween(cluster, before, after) {
  const elapsedS = after.atS - before.atS;
  const cores = (name) => (after.cpu[name] - before.cpu[name]) / elapsedS;
  const serviceCores = (key) => (before[key] === undefined ? null : (after[key] - before[key]) / elapsedS);
  return {
    postgresCores: serviceCores('postgres'),
    redisCores: serviceCores('redis'),
    webhookCores: cores(cluster.webhook.name),
    mainCores: cores(cluster.main.name),
    workerCores: cluster.workers.map((worker) => cores(worker.name)),
    machineBusyCores: (after.machineBusy - before.machineBusy) / elapsedS,
    executionsPerWorker: after.executions.map((count, index) => count - before.executions[index]),
  };
}

/**
 * One worker count: starts its cluster, waits for the first correct answer through the webhook process,
 * warms up, measures at 50 connections with every answer's body checked, checks an answer again once the
 * cluster is quiet, reads the stored executions' statuses, and stops and removes the cluster.
 */
async function measureWorkers(workers, { plan, pinning, services, timing, files, work }) {
  const label = `${workers} worker${workers === 1 ? '' : 's'}`;
  process.stderr.write(`scale bench, ${label}: starting the cluster…\n`);
  const cluster = await startScaleCluster({
    plan,
    pinning,
    workers,
    concurrency: CONCURRENCY,
    workflows: [simpleWebhookWorkflow],
    work,
    label: `w${workers}`,
  });
  try {
    const webhookBase = cluster.webhook.base;
    const answers = () => checkAnswer(webhookBase, SIMPLE_PATH, simpleBody, simpleAnswer).then(() => true);
    await waitUntil(cluster.webhook.child, answers, { what: 'the webhook process', intervalMs: 50 });
    const load = {
      url: `${webhookBase}${SIMPLE_PATH}`,
      connections: CONNECTIONS,
      bodyFile: files.body,
      expectedFile: files.expected,
    };
    if (timing.warmupS > 0) {
      await runLoadGenerator(plan, { ...load, durationS: timing.warmupS });
      await waitForAllQuiet(cluster);
    }
    process.stderr.write(`scale bench, ${label}: measuring…\n`);
    // The figures cover the load itself, not the runner's start-up (seconds on a loaded machine).
    let before;
    const result = await runLoadGenerator(plan, { ...load, durationS: timing.durationS }, () => {
      before = snapshot(cluster, services);
      // Awaited below; until then a failure must not count as unhandled.
      before.catch(() => undefined);
    });
    const after = await snapshot(cluster, services);
    await waitForAllQuiet(cluster);
    await answers();
    return {
      ...result,
      ...usageBetween(cluster, await before, after),
      executionStatuses: await cluster.executionCounts(),
    };
  } catch (error) {
    throw cluster.withLogs(error);
  } finally {
    await cluster.stop();
  }
}

/**
 * Runs the bench: `duration` seconds per measurement (default 10; `quick` makes it 3, for smoke tests).
 * Prints the figures of 1 and 2 workers, their ratio, the machine's cores, and a JSON line.
 */
export async function runScaleBench({ duration, quick = false, log = console.log } = {}) {
  // A fresh cluster answers its first burst slowly (connection pools, JIT), so even a quick run warms up:
  // the wait for quiet after it lets that burst's 50 executions finish.
  const timing = { durationS: duration ?? (quick ? 3 : 10), warmupS: quick ? 1 : 3 };
  // Counted before planPinning() pins this process to one CPU, which is all the count would see after.
  const cores = availableParallelism();
  const plan = planPinning();
  const pinning = planScalePinning(plan, Math.max(...WORKER_COUNTS));
  const work = mkdtempSync(join(tmpdir(), 'klikkflow-scale-bench-'));
  const removeWork = removeOnExit(work);
  try {
    const files = { body: join(work, 'simple.json'), expected: join(work, 'simple-answer.json') };
    writeFileSync(files.body, JSON.stringify(simpleBody));
    writeFileSync(files.expected, JSON.stringify(simpleAnswer));
    const { databaseUrl, redisUrl } = scaleServices();
    const services = await servicePids({ databaseUrl, redisUrl });
    const results = {};
    for (const workers of WORKER_COUNTS) {
      const context = { plan, pinning, services, timing, files, work };
      results[`workers${workers}`] = await measureWorkers(workers, context);
    }
    const settings = {
      durationS: timing.durationS,
      warmupS: timing.warmupS,
      connections: CONNECTIONS,
      concurrency: CONCURRENCY,
      cores,
      pinning: pinning.note,
      database: withoutPassword(databaseUrl),
      redis: withoutPassword(redisUrl),
    };
    for (const line of formatScaleReport({ results, settings })) log(line);
    return results;
  } finally {
    removeWork();
  }
}

/** A service URL fit to print. */
function withoutPassword(url) {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.href;
}
