import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@klikkflow/core';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { deleteKeys } from '../../../../packages/queue/test/redis-test-support.js';
import { createWorker, type KlikkflowWorker } from '../../src/worker.js';
import {
  removeTestServerData,
  startTestServer,
  TEST_ENCRYPTION_KEY,
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  type TestServer,
} from '../server-harness.js';

/** A scale-mode cluster inside the test process: a main, optional webhook processes and workers. */
export interface TestCluster {
  main: TestServer & { schema?: string };
  webhooks: TestServer[];
  workers: KlikkflowWorker[];
  schema: string;
  redisPrefix: string;
  /** Starts one more worker. */
  addWorker(options?: { concurrency?: number; env?: Record<string, string> }): Promise<KlikkflowWorker>;
  /** Starts a webhook-only process. */
  addWebhook(): Promise<TestServer>;
  close(): Promise<void>;
}

/** Options of {@link startTestCluster}. */
export interface TestClusterOptions {
  workers?: number;
  /** Extra `KLIKKFLOW_*` variables for every process (a short lease, say). */
  env?: Record<string, string>;
}

/**
 * Starts a main on a private schema of the shared PostgreSQL and a private key prefix of the shared Redis,
 * then the workers. Nothing here stops or flushes a shared service.
 */
export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const redisPrefix = `kf-test-${tag}`;
  const env = { KLIKKFLOW_LEASE_MS: '3000', KLIKKFLOW_EGRESS_ALLOW: '127.0.0.1', ...options.env };
  const main = await startTestServer({ redisPrefix, env });
  const schema = main.schema as string;
  const workers: KlikkflowWorker[] = [];
  const webhooks: TestServer[] = [];
  const dataDirs: string[] = [];

  async function addWorker(
    workerOptions: { concurrency?: number; env?: Record<string, string> } = {},
  ): Promise<KlikkflowWorker> {
    const dataDir = mkdtempSync(join(tmpdir(), 'klikkflow-worker-'));
    dataDirs.push(dataDir);
    const config = loadConfig({
      KLIKKFLOW_DATA_DIR: dataDir,
      KLIKKFLOW_DATABASE_URL: TEST_POSTGRES_URL,
      KLIKKFLOW_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      KLIKKFLOW_REDIS_URL: TEST_REDIS_URL,
      KLIKKFLOW_REDIS_PREFIX: redisPrefix,
      KLIKKFLOW_WORKER_PORT: '0',
      KLIKKFLOW_LOG_LEVEL: 'warn',
      ...env,
      ...workerOptions.env,
    });
    const worker = await createWorker({
      config,
      logger: createLogger(config),
      sandbox: createIsolatedVmSandbox(),
      databaseSchema: schema,
      ...(workerOptions.concurrency !== undefined && { concurrency: workerOptions.concurrency }),
    });
    await worker.start();
    workers.push(worker);
    return worker;
  }

  for (let index = 0; index < (options.workers ?? 1); index++) await addWorker();

  return {
    main,
    webhooks,
    workers,
    schema,
    redisPrefix,
    addWorker,
    async addWebhook() {
      const webhook = await startTestServer({ redisPrefix, env, schema, role: 'webhook' });
      webhooks.push(webhook);
      return webhook;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(webhooks.map((webhook) => webhook.close()));
      await main.close();
      for (const webhook of webhooks) rmSync(webhook.dataDir, { recursive: true, force: true });
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      await removeTestServerData(main);
      // BullMQ's keys and the leader lock stay behind on the shared Redis otherwise.
      await deleteKeys(redisPrefix);
    },
  };
}

/** A local HTTP endpoint that answers `{slept}` after `?ms=` milliseconds: a node that takes long. */
export async function startSlowServer(): Promise<{ url: string; server: Server }> {
  const server = createHttpServer((request, response) => {
    const ms = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('ms') ?? '0');
    setTimeout(() => response.end(JSON.stringify({ slept: ms })), ms).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
