import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChaosProcess, type ChaosRole, spawnChaosProcess } from './chaos-process.js';

type Json = Record<string, unknown>;

/** The owner account every chaos cluster's main creates from the environment. */
export const CHAOS_OWNER = { email: 'chaos-owner@example.com', password: 'chaos-horse-battery-9' };

/** How a cluster is started. */
export interface ClusterOptions {
  databaseUrl: string;
  /** PostgreSQL schema of this cluster's tables (one per scenario). */
  schema: string;
  redisUrl: string;
  /** Redis key prefix (one per scenario). */
  redisPrefix: string;
  workers: number;
  /** Executions each worker runs at once. */
  concurrency: number;
  /** Also start a webhook-only process. */
  webhook?: boolean;
  /** `KLIKKFLOW_LEASE_MS`; default 2500. */
  leaseMs?: number;
  /** `KLIKKFLOW_SHUTDOWN_TIMEOUT_MS`; default 10,000. */
  shutdownTimeoutMs?: number;
  /** More environment for every process. */
  env?: Record<string, string>;
}

/** A scale-mode cluster of child processes: one main, an optional webhook process, and workers. */
export interface Cluster {
  readonly main: ChaosProcess;
  /** The current webhook process (a restart replaces it). */
  readonly webhook: ChaosProcess | undefined;
  /** Every worker started, dead ones included, in start order. */
  readonly workers: readonly ChaosProcess[];
  /** Workers that have not exited (a stopped one counts). */
  liveWorkers(): ChaosProcess[];
  /** The worker whose lease-owner name is `owner`. */
  workerOwning(owner: string | null | undefined): ChaosProcess | undefined;
  /** Calls the main's API as the owner. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** Stores a workflow and activates it; resolves once the main and a webhook process route its webhook. */
  activate(workflow: Json, webhookPath: string): Promise<void>;
  /** The production webhook URL of `path` on the main or on the webhook process. */
  webhookUrl(path: string, via?: 'main' | 'webhook'): string;
  startWorker(): Promise<ChaosProcess>;
  /** kill -9 of the webhook process and a new one on the same port. */
  restartWebhook(): Promise<ChaosProcess>;
  /** Every process's output, for failure messages. */
  logs(): string;
  /** Kills every process (and its sandbox) and removes their data directories. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the main (which migrates the schema and creates the owner), then the webhook process and the
 * workers in parallel. On any failure everything started so far is killed before the error propagates.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dataDirs: string[] = [];
  const processes: ChaosProcess[] = [];
  const workers: ChaosProcess[] = [];
  let webhook: ChaosProcess | undefined;
  let webhookPort = '0';
  let stopped = false;
  const counters: Record<ChaosRole, number> = { main: 0, webhook: 0, worker: 0 };

  const envFor = (): NodeJS.ProcessEnv => {
    const dataDir = mkdtempSync(join(tmpdir(), 'klikkflow-chaos-'));
    dataDirs.push(dataDir);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KLIKKFLOW_DATA_DIR: dataDir,
      KLIKKFLOW_DATABASE_URL: options.databaseUrl,
      KLIKKFLOW_DATABASE_SCHEMA: options.schema,
      KLIKKFLOW_REDIS_URL: options.redisUrl,
      KLIKKFLOW_REDIS_PREFIX: options.redisPrefix,
      KLIKKFLOW_ENCRYPTION_KEY: 'chaos-test-encryption-key-0123456789abcdef',
      KLIKKFLOW_LEASE_MS: String(options.leaseMs ?? 2_500),
      KLIKKFLOW_SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeoutMs ?? 10_000),
      KLIKKFLOW_EGRESS_ALLOW: '127.0.0.1',
      KLIKKFLOW_OWNER_EMAIL: CHAOS_OWNER.email,
      KLIKKFLOW_OWNER_PASSWORD: CHAOS_OWNER.password,
      KLIKKFLOW_LOG_LEVEL: 'warn',
      ...options.env,
    };
  };
  const spawnRole = async (role: ChaosRole, args: string[]) => {
    if (stopped) throw new Error('the cluster is stopped');
    const name = role === 'main' ? 'main' : `${role}#${++counters[role]}`;
    const started = await spawnChaosProcess(role, name, args, envFor());
    processes.push(started);
    if (stopped) await started.destroy();
    return started;
  };
  const startWorker = async () => {
    const worker = await spawnRole('worker', [
      'worker',
      '--concurrency',
      String(options.concurrency),
      '--port',
      '0',
    ]);
    workers.push(worker);
    return worker;
  };
  const startWebhook = async () => {
    webhook = await spawnRole('webhook', ['webhook', '--port', webhookPort]);
    webhookPort = new URL(webhook.url).port;
    return webhook;
  };

  const stop = async () => {
    stopped = true;
    await Promise.all(processes.map((started) => started.destroy()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  };

  let main: ChaosProcess;
  let cookie = '';
  try {
    main = await spawnRole('main', ['start', '--mode', 'main', '--port', '0']);
    const login = await fetch(`${main.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CHAOS_OWNER),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
    cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    await Promise.all([
      ...(options.webhook ? [startWebhook()] : []),
      ...Array.from({ length: options.workers }, startWorker),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${main.url}${path}`, {
      method,
      headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  const cluster: Cluster = {
    main,
    get webhook() {
      return webhook;
    },
    workers,
    liveWorkers: () => workers.filter((worker) => worker.exit() === undefined),
    workerOwning: (owner) => workers.find((worker) => worker.owner === owner),
    api,
    async activate(workflow, webhookPath) {
      const created = await api('POST', '/api/v1/workflows', workflow);
      if (created.status !== 201) throw new Error(`creating the workflow: ${JSON.stringify(created)}`);
      const activated = await api('POST', `/api/v1/workflows/${String(workflow.id)}/activate`);
      if (activated.status !== 200) throw new Error(`activating the workflow: ${JSON.stringify(activated)}`);
      // Other processes learn of the activation through a control message: wait until they route it.
      if (!(await routedEverywhere(cluster, webhookPath))) {
        throw new Error(`the workflow's webhook is not routed everywhere 3 s after its activation`);
      }
    },
    webhookUrl(path, via = 'main') {
      const base = via === 'webhook' ? webhook?.url : main.url;
      if (base === undefined) throw new Error('this cluster has no webhook process');
      return `${base}/webhook/${path}`;
    },
    startWorker,
    async restartWebhook() {
      await webhook?.destroy();
      return startWebhook();
    },
    logs: () =>
      processes
        .map((started) => {
          const exit = started.exit();
          const state = exit ? `exited ${exit.signal ?? exit.code}` : 'running';
          return `--- ${started.name} (pid ${started.pid}, ${state}) ---\n${started.output().trim()}`;
        })
        .join('\n'),
    stop,
  };
  return cluster;
}

/**
 * Whether the main and the webhook process (if any) route the webhook `path` within 3 s: a GET of the
 * POST-only path answers 405 once routed, 404 while unknown.
 */
async function routedEverywhere(cluster: Cluster, path: string): Promise<boolean> {
  const vias = cluster.webhook ? (['main', 'webhook'] as const) : (['main'] as const);
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const statuses = await Promise.all(
      vias.map(async (via) => {
        const probe = await fetch(cluster.webhookUrl(path, via), { method: 'GET' });
        await probe.body?.cancel();
        return probe.status;
      }),
    );
    if (statuses.every((status) => status === 405)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A name unique to one scenario run, usable as a schema name, a Redis prefix and a webhook path. */
export function scenarioName(scenario: string): string {
  return `chaos_${scenario.replace(/[^a-z0-9]/g, '_')}_${randomUUID().slice(0, 8)}`;
}

/** The sum of every sample of a Prometheus counter or gauge on a process's `/metrics`. */
export async function metricSum(process: ChaosProcess, name: string): Promise<number> {
  const text = await (await fetch(`${process.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{.*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) sum += Number(match[2]);
  }
  return sum;
}
