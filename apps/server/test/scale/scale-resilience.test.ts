import type { Server } from 'node:http';
import { loadConfig } from '@klikkflow/core';
import { errorCode } from '@klikkflow/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../../../../test/support/private-redis.js';
import { createServer } from '../../src/server.js';
import { activateWorkflow, callWebhook, createWorkflow, executionIn } from '../server-actions.js';
import { eventually, startTestServer, TEST_ENCRYPTION_KEY, TEST_POSTGRES_URL } from '../server-harness.js';
import {
  asyncWebhookWorkflow,
  manualChainWorkflow,
  markNode,
  node,
  scheduleWorkflow,
} from '../workflow-fixtures.js';
import { startSlowServer, startTestCluster, type TestCluster } from './scale-harness.js';

describe('scale mode when workers die, stall or a step keeps killing them', () => {
  let cluster: TestCluster;
  let slow: { url: string; server: Server };

  beforeAll(async () => {
    slow = await startSlowServer();
    // No worker yet: each test decides when one runs.
    cluster = await startTestCluster({ workers: 0 });
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    slow?.server.close();
  }, 60_000);

  it('quarantines an execution whose step took three workers down, naming the node (G5)', async () => {
    await activateWorkflow(
      cluster.main,
      asyncWebhookWorkflow('poison', 'scale-poison', [
        markNode('before', 'a', 1),
        markNode('deadly', 'b', 2),
      ]),
    );
    const call = await callWebhook(cluster.main, 'scale-poison', {});
    const id = call.headers.get('x-klikkflow-execution-id') as string;
    // Three workers claimed it and died at the same step: their leases ran out one after the other.
    const leases = cluster.main.server.context.repos.leases;
    const past = Date.now() - 60_000;
    for (const [index, owner] of ['dead-1', 'dead-2', 'dead-3'].entries()) {
      expect(await leases.claim(id, owner, past + index * 10_000, 1_000)).toBeDefined();
    }
    // The next claim is the third takeover at the same checkpoint.
    await cluster.addWorker();
    const failed = await executionIn(cluster.main, id, ['error'], 15_000);
    expect(failed.error.code).toBe('EXECUTION_QUARANTINED');
    expect(failed.error.message).toContain('node "hook"');
    expect(failed.data.runData.deadly).toBeUndefined();
  });

  it("fences off a worker that lost its lease: the new holder's result stands, the old one's writes are refused (G6)", async () => {
    await createWorkflow(
      cluster.main,
      manualChainWorkflow('stalled', [
        node('slow', 'core.httpRequest', { method: 'GET', url: `${slow.url}/slow?ms=1500` }),
        markNode('after', 'after', 1),
      ]),
    );
    const started = await cluster.main.api('POST', '/api/v1/workflows/stalled/run', {});
    const id = started.body.executionId as string;
    await eventually(async () => (cluster.workers.some((w) => w.runner.running > 0) ? true : undefined));
    // Another claim takes it over as if the holder had stalled past its lease (a claim a minute ahead).
    const { repos } = cluster.main.server.context;
    const intruder = await repos.leases.claim(id, 'intruder', Date.now() + 60_000, 60_000);
    expect(intruder?.takeover).toBe(true);
    expect(await repos.leases.finish(id, intruder?.epoch ?? -1, 'success', { finishedAt: Date.now() })).toBe(
      true,
    );
    // The stalled worker stops at its next renewal or commit; nothing it does afterwards lands.
    await eventually(
      async () => (cluster.workers.every((w) => w.runner.running === 0) ? true : undefined),
      10_000,
    );
    const detail = await cluster.main.api('GET', `/api/v1/executions/${id}`);
    expect(detail.body.status).toBe('success');
    expect(detail.body.data.runData.after).toBeUndefined();
  });

  it('refuses new executions with 429 QUEUE_FULL while the shared backlog is at capacity', async () => {
    const small = await startTestCluster({ workers: 0, env: { KLIKKFLOW_QUEUE_CAPACITY: '3' } });
    try {
      await activateWorkflow(small.main, asyncWebhookWorkflow('burst', 'scale-burst'));
      for (let index = 0; index < 3; index++) {
        expect((await callWebhook(small.main, 'scale-burst', {})).status).toBe(200);
      }
      const refused = await eventually(async () => {
        const answer = await callWebhook(small.main, 'scale-burst', {});
        return answer.status === 429 ? answer : undefined;
      }, 5_000);
      expect(((await refused.json()) as { code: string }).code).toBe('QUEUE_FULL');
      // A worker empties the backlog; every accepted execution runs.
      await small.addWorker();
      const page = await small.main.api('GET', '/api/v1/executions?workflowId=burst&limit=100');
      for (const execution of page.body.data)
        await executionIn(small.main, execution.id, ['success'], 15_000);
    } finally {
      await small.close();
    }
  });
});

describe('scale mode with two mains', () => {
  it('fires each schedule slot once, from the leader, and fails over when the leader stops (G8)', async () => {
    const cluster = await startTestCluster({ workers: 1 });
    const second = await startTestServer({
      redisPrefix: cluster.redisPrefix,
      schema: cluster.schema,
      env: { KLIKKFLOW_LEASE_MS: '3000' },
    });
    try {
      await activateWorkflow(
        cluster.main,
        scheduleWorkflow('every-second', { field: 'cronExpression', expression: '* * * * * *' }),
      );
      const executions = async () =>
        (await cluster.main.api('GET', '/api/v1/executions?workflowId=every-second&limit=250')).body.data;
      await eventually(async () => ((await executions()).length >= 3 ? true : undefined), 10_000);
      // The leader goes away; the other main takes the schedules over.
      const before = (await executions()).length;
      await cluster.main.close();
      const survivor = second;
      await eventually(async () => {
        const page = await survivor.api('GET', '/api/v1/executions?workflowId=every-second&limit=250');
        return page.body.data.length >= before + 3 ? true : undefined;
      }, 15_000);
      const { database } = survivor.server.context;
      const slots = await database.db
        .selectFrom('schedule_slots')
        .select(['slot_at', 'outcome'])
        .where('workflow_id', '=', 'every-second')
        .execute();
      const fired = slots.filter((slot) => slot.outcome === 'fired').map((slot) => Number(slot.slot_at));
      expect(new Set(fired).size).toBe(fired.length);
      const page = await survivor.api('GET', '/api/v1/executions?workflowId=every-second&limit=250');
      expect(page.body.data.length).toBe(fired.length);
    } finally {
      await second.close();
      await cluster.close();
    }
  }, 60_000);
});

describe('scale mode start-up checks', () => {
  it('refuses a Redis whose maxmemory-policy would evict queued work (R4)', async () => {
    const redis = await startPrivateRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    try {
      const config = loadConfig({
        KLIKKFLOW_DATABASE_URL: TEST_POSTGRES_URL,
        KLIKKFLOW_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        KLIKKFLOW_REDIS_URL: redis.url,
        KLIKKFLOW_LOG_LEVEL: 'silent',
        KLIKKFLOW_DATA_DIR: '/tmp/klikkflow-eviction-check',
      });
      const failure = await createServer({ config, databaseSchema: 'kf_eviction_check' }).catch(
        (error) => error,
      );
      expect(errorCode(failure)).toBe('REDIS_EVICTION_POLICY');
      expect(String(failure.message)).toContain('noeviction');
    } finally {
      await redis.dispose();
    }
  });
});
