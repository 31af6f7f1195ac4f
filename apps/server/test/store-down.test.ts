import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateWorkflow,
  callWebhook,
  createWorkflow,
  errorBody,
  executionIn,
  executionsOf,
} from './server-actions.js';
import {
  createTestClock,
  eventually,
  removeTestServerData,
  startTestServer,
  TEST_POSTGRES_URL,
  type TestServer,
} from './server-harness.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import {
  asyncWebhookWorkflow,
  manualChainWorkflow,
  node,
  scheduleWorkflow,
  simpleWebhookWorkflow,
  waitNode,
} from './workflow-fixtures.js';

type Server = TestServer & { schema?: string };

/** Workflows every outage test uses: one answered at once (durable first), one answered at its end. */
async function activateWebhooks(t: Server): Promise<void> {
  await activateWorkflow(t, asyncWebhookWorkflow('accepted', 'accepted', [node('then', 'core.noOp')]));
  await activateWorkflow(t, simpleWebhookWorkflow('answered', 'answered'));
}

/** While the store is down: webhooks 503 DB_UNAVAILABLE (never 2xx), /readyz 503, /healthz 200. */
async function expectStoreDownAnswers(t: Server): Promise<void> {
  for (const path of ['accepted', 'answered']) {
    const response = await callWebhook(t, path, { name: 'n', value: 1 });
    expect(response.status, path).toBe(503);
    expect(await response.json(), path).toMatchObject({ code: 'DB_UNAVAILABLE' });
  }
  const ready = await fetch(`${t.url}/readyz`);
  expect(ready.status).toBe(503);
  expect((await errorBody(ready)).code).toBe('DB_UNAVAILABLE');
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
}

describe('the store goes down under a running server [sqlite] (G1)', () => {
  let t: Server;
  beforeAll(async () => {
    t = await startTestServer();
    await activateWebhooks(t);
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('answers webhooks 503 DB_UNAVAILABLE and is not ready once its database connection is closed', async () => {
    expect((await callWebhook(t, 'accepted')).status).toBe(200);
    await t.server.context.database.close();
    await expectStoreDownAnswers(t);
  });
});

describe('the network to PostgreSQL is cut under a running server [postgres] (G1, G8)', () => {
  const clock = createTestClock();
  let proxy: TcpProxy;
  let t: Server;
  /** On the real clock, for a run that is under way when the network goes. */
  let live: Server;

  beforeAll(async () => {
    const target = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_POSTGRES_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const env = { KLIKKFLOW_DATABASE_URL: viaProxy.toString() };
    t = await startTestServer({ dialect: 'postgres', clock, timers: false, env });
    await activateWebhooks(t);
    await activateWorkflow(t, scheduleWorkflow('minutely', { field: 'minutes', minutesInterval: 1 }));
    live = await startTestServer({ dialect: 'postgres', env });
    await createWorkflow(
      live,
      manualChainWorkflow('slow', [
        waitNode('wait', { resume: 'timeInterval', amount: 1, unit: 'seconds' }),
        node('after', 'core.noOp'),
      ]),
    );
  });
  afterAll(async () => {
    await proxy.restore();
    for (const server of [t, live]) {
      await server.close();
      await removeTestServerData(server);
    }
    await proxy.cut();
  });

  it('answers 503 while cut, fires the slot it could not claim once back, and serves again', async () => {
    await proxy.cut();
    await expectStoreDownAnswers(t);
    clock.advance(60_000);
    // The slot's claim fails; so does the poll for due waits after it (the timer would log that).
    await t.server.tickTimers().catch(() => undefined);
    expect(t.logs()).toContain('a schedule did not fire');

    await proxy.restore();
    await t.server.tickTimers();
    const [slotRun, ...others] = await executionsOf(t, 'minutely');
    expect(others).toHaveLength(0);
    await executionIn(t, slotRun.id, ['success']);

    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    const accepted = await callWebhook(t, 'accepted');
    expect(accepted.status).toBe(200);
    await executionIn(t, accepted.headers.get('x-klikkflow-execution-id') as string, ['success']);
  });

  it('answers a caller waiting on a manual run 503 when the store goes away mid-run, instead of never', async () => {
    const answer = live.api('POST', '/api/v1/workflows/slow/run', { wait: true });
    await eventually(async () => {
      const list = await executionsOf(live, 'slow');
      return list[0]?.status === 'running' ? true : undefined;
    });
    await proxy.cut();
    const { status, body } = await answer;
    await proxy.restore();
    expect(status).toBe(503);
    expect(body.code).toBe('DB_UNAVAILABLE');
  });
});
