import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activateWorkflow,
  callWebhook,
  createWorkflow,
  executionIn,
  executionsOf,
  runAndWait,
} from './server-actions.js';
import {
  createTestClock,
  eventually,
  removeTestServerData,
  startTestServer,
  type TestServer,
} from './server-harness.js';
import {
  asyncWebhookWorkflow,
  failsOnDemandWorkflow,
  manualChainWorkflow,
  markNode,
  node,
  simpleWebhookWorkflow,
  waitNode,
} from './workflow-fixtures.js';

type Server = TestServer & { schema?: string };

/** Calls a webhook; its status and the execution id it reports (header or error body). */
async function call(t: Server, pathAndQuery: string): Promise<{ status: number; executionId: string }> {
  const response = await fetch(`${t.url}/webhook/${pathAndQuery}`);
  const body = (await response.json()) as { executionId?: string };
  return {
    status: response.status,
    executionId: response.headers.get('x-klikkflow-execution-id') ?? String(body.executionId),
  };
}

async function stored(t: Server, executionId: string): Promise<number> {
  return (await t.api('GET', `/api/v1/executions/${executionId}`)).status;
}

describe('execution saving: KLIKKFLOW_SAVE_EXECUTIONS=none', () => {
  let t: Server;
  beforeAll(async () => {
    t = await startTestServer({ env: { KLIKKFLOW_SAVE_EXECUTIONS: 'none' } });
    await activateWorkflow(t, simpleWebhookWorkflow('sync', 'sync'));
    await activateWorkflow(t, failsOnDemandWorkflow('gated', 'gated'));
    await activateWorkflow(t, asyncWebhookWorkflow('later', 'later', [node('then', 'core.noOp')]));
    await activateWorkflow(t, failsOnDemandWorkflow('kept', 'kept', { saveExecutions: 'all' }));
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('keeps neither a successful nor a failed run, sync or answered at once', async () => {
    const ok = await callWebhook(t, 'sync', { name: 'n', value: 1 });
    expect(ok.status).toBe(200);
    expect(await stored(t, ok.headers.get('x-klikkflow-execution-id') as string)).toBe(404);
    const failed = await call(t, 'gated?fail=yes');
    expect(failed.status).toBe(500);
    expect(await stored(t, failed.executionId)).toBe(404);
    // Stored before the answer (G1), then dropped once it succeeded.
    const accepted = await callWebhook(t, 'later');
    expect(accepted.status).toBe(200);
    const acceptedId = accepted.headers.get('x-klikkflow-execution-id') as string;
    await eventually(async () => ((await stored(t, acceptedId)) === 404 ? true : undefined));
    for (const id of ['sync', 'gated', 'later']) expect(await executionsOf(t, id)).toEqual([]);
  });

  it('keeps the runs of a workflow whose settings.saveExecutions is "all"', async () => {
    const ok = await call(t, 'kept?fail=no');
    const failed = await call(t, 'kept?fail=yes');
    expect((await executionIn(t, ok.executionId, ['success'])).data.runData.ok).toHaveLength(1);
    expect((await executionIn(t, failed.executionId, ['error'])).data.runData.boom).toHaveLength(1);
  });
});

describe('execution saving: KLIKKFLOW_SAVE_EXECUTIONS=errors', () => {
  let t: Server;
  beforeAll(async () => {
    t = await startTestServer({ env: { KLIKKFLOW_SAVE_EXECUTIONS: 'errors' } });
    await activateWorkflow(t, failsOnDemandWorkflow('gated', 'gated'));
    await activateWorkflow(t, failsOnDemandWorkflow('silent', 'silent', { saveExecutions: 'none' }));
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('keeps only failed runs, with their run data', async () => {
    const ok = await call(t, 'gated?fail=no');
    expect(ok.status).toBe(200);
    expect(await stored(t, ok.executionId)).toBe(404);
    const failed = await call(t, 'gated?fail=yes');
    const record = await executionIn(t, failed.executionId, ['error']);
    expect(record.error).toMatchObject({ message: 'asked to fail', nodeId: 'boom' });
    expect(Object.keys(record.data.runData).sort()).toEqual(['boom', 'hook', 'route']);
    expect((await executionsOf(t, 'gated')).map((execution) => execution.id)).toEqual([failed.executionId]);
  });

  it('keeps not even a failure of a workflow whose settings.saveExecutions is "none"', async () => {
    const failed = await call(t, 'silent?fail=yes');
    expect(failed.status).toBe(500);
    expect(await stored(t, failed.executionId)).toBe(404);
  });
});

describe('pruning on start (the server’s own prune, with KLIKKFLOW_PRUNE_MAX_*)', () => {
  const clock = createTestClock();
  let t: Server;
  let first: Server;

  afterAll(async () => {
    await t.close();
    await removeTestServerData(first);
  });

  it('keeps the newest KLIKKFLOW_PRUNE_MAX_COUNT ended executions, then drops those older than the max age', async () => {
    first = await startTestServer({ clock, timers: false });
    t = first;
    await createWorkflow(t, manualChainWorkflow('tick', [node('noop', 'core.noOp')]));
    await createWorkflow(t, manualChainWorkflow('parked', [waitNode('wait', { resume: 'webhook' })]));
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await runAndWait(t, 'tick')).executionId);
      clock.advance(60_000);
    }
    const parked = (await runAndWait(t, 'parked')).executionId;
    await t.close();

    // The prune runs when background timers start (and hourly after).
    const restart = async (env: Record<string, string>) => {
      t = await startTestServer({ clock, dataDir: first.dataDir, env });
    };
    await restart({ KLIKKFLOW_PRUNE_MAX_COUNT: '3' });
    const kept = await eventually(async () => {
      const list = await executionsOf(t, 'tick');
      return list.length === 3 ? list : undefined;
    });
    expect(kept.map((execution) => execution.id).sort()).toEqual(ids.slice(2).sort());
    await t.close();

    clock.advance(2 * 3_600_000);
    await restart({ KLIKKFLOW_PRUNE_MAX_AGE_HOURS: '1' });
    await eventually(async () => ((await executionsOf(t, 'tick')).length === 0 ? true : undefined));
    // Never an execution that has not ended.
    expect((await t.api('GET', `/api/v1/executions/${parked}`)).body.status).toBe('waiting');
  });
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`retry, cancel and manual runs [${dialect}]`, () => {
    let t: Server;
    beforeAll(async () => {
      t = await startTestServer({ dialect });
    });
    afterAll(async () => {
      await t.close();
      await removeTestServerData(t);
    });
    afterEach(async () => {
      for (const variable of (await t.api('GET', '/api/v1/variables')).body.data) {
        await t.api('DELETE', `/api/v1/variables/${variable.id}`);
      }
    });

    it('retries a failed execution from its failed node, reusing the run data before it', async () => {
      const variable = await t.api('POST', '/api/v1/variables', { key: 'mode', value: 'fail' });
      expect(variable.status).toBe(201);
      await createWorkflow(
        t,
        manualChainWorkflow('flaky', [
          markNode('stamp', 'origin', '={{ $execution.id }}'),
          node('check', 'core.code', {
            jsCode:
              "if ($vars.mode === 'fail') throw new Error('mode is fail');\n" +
              'return $input.all().map((item) => ({ json: { ...item.json, mode: $vars.mode } }));',
          }),
          node('after', 'core.noOp'),
        ]),
      );
      const failed = await runAndWait(t, 'flaky');
      expect(failed.status).toBe('error');
      const original = await executionIn(t, failed.executionId, ['error']);
      expect(original.error).toMatchObject({
        nodeId: 'check',
        message: expect.stringContaining('mode is fail'),
      });

      expect((await t.api('PATCH', `/api/v1/variables/${variable.body.id}`, { value: 'ok' })).status).toBe(
        200,
      );
      const retry = await t.api('POST', `/api/v1/executions/${failed.executionId}/retry`);
      expect(retry.status, JSON.stringify(retry.body)).toBe(201);
      const retried = await executionIn(t, retry.body.executionId, ['success', 'error']);
      expect(retried).toMatchObject({ status: 'success', mode: 'retry', retryOf: failed.executionId });
      // Nodes before the failed one are not run again: their stored runs are the first execution's.
      expect(retried.data.runData.start).toEqual(original.data.runData.start);
      expect(retried.data.runData.stamp).toEqual(original.data.runData.stamp);
      expect(retried.data.runData.stamp[0].outputs[0][0].json.origin).toBe(failed.executionId);
      expect(retried.data.runData.check[0].outputs[0][0].json).toEqual({
        origin: failed.executionId,
        mode: 'ok',
      });
      expect(retried.data.runData.after).toHaveLength(1);

      const again = await t.api('POST', `/api/v1/executions/${retry.body.executionId}/retry`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('EXECUTION_STATE_CONFLICT');
    });

    it('cancels a running execution (a 30 s in-memory wait)', async () => {
      await createWorkflow(
        t,
        manualChainWorkflow('slow', [
          waitNode('wait', { resume: 'timeInterval', amount: 30, unit: 'seconds' }),
          node('after', 'core.noOp'),
        ]),
      );
      const started = await t.api('POST', '/api/v1/workflows/slow/run', {});
      expect(started.status).toBe(201);
      const { executionId } = started.body;
      await eventually(async () => {
        const record = await executionIn(t, executionId, ['running']);
        return record.data.runData.start ? record : undefined;
      });
      const canceled = await t.api('POST', `/api/v1/executions/${executionId}/cancel`);
      expect(canceled.status).toBe(200);
      const done = await executionIn(t, executionId, ['canceled', 'success', 'error']);
      expect(done.status).toBe('canceled');
      expect(done.data.runData.after).toBeUndefined();
      expect((await t.api('POST', `/api/v1/executions/${executionId}/cancel`)).status).toBe(409);
    });

    it('runs by hand with wait: true, with pinned data, up to a node and from a node', async () => {
      await createWorkflow(
        t,
        manualChainWorkflow('chain', [markNode('a', 'a', 1), markNode('b', 'b', 2), markNode('c', 'c', 3)]),
      );
      const full = await runAndWait(t, 'chain');
      expect(full).toMatchObject({ status: 'success', data: [{ a: 1, b: 2, c: 3 }] });

      const upToB = await runAndWait(t, 'chain', { runTo: 'b' });
      expect(upToB.data).toEqual([{ a: 1, b: 2 }]);
      const partial = await executionIn(t, upToB.executionId, ['success']);
      expect(Object.keys(partial.data.runData).sort()).toEqual(['a', 'b', 'start']);

      const pinned = await runAndWait(t, 'chain', { pinData: { a: [{ json: { pinned: true } }] } });
      expect(pinned.data).toEqual([{ pinned: true, b: 2, c: 3 }]);

      const fromC = await runAndWait(t, 'chain', {
        runFrom: 'c',
        pinData: { b: [{ json: { fromPin: true } }] },
      });
      expect(fromC.data).toEqual([{ fromPin: true, c: 3 }]);
      const onlyC = await executionIn(t, fromC.executionId, ['success']);
      expect(Object.keys(onlyC.data.runData)).toEqual(['c']);
      expect(onlyC.mode).toBe('manual');
    });
  });
}
