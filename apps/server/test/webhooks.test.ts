import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { asyncWebhookWorkflow, link, node, simpleWebhookWorkflow, workflow } from './workflow-fixtures.js';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`webhooks over real HTTP [${dialect}]`, () => {
    let t: TestServer & { schema?: string };

    beforeAll(async () => {
      t = await startTestServer({ dialect });
    });
    afterAll(async () => {
      await t.close();
      await removeTestServerData(t);
    });

    async function activate(definition: Record<string, unknown>): Promise<void> {
      const created = await t.api('POST', '/api/v1/workflows', definition);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const activated = await t.api('POST', `/api/v1/workflows/${definition.id}/activate`);
      expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    }

    it('answers the simple scenario with the Respond node’s item and stores the execution with its run data', async () => {
      await activate(simpleWebhookWorkflow('simple', 'bench'));
      const response = await fetch(`${t.url}/webhook/bench`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', value: 42 }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ name: 'bench', value: 42, processed: true });
      const executionId = response.headers.get('x-klikkflow-execution-id');
      expect(executionId).toBeTruthy();
      const execution = await eventually(async () => {
        const got = await t.api('GET', `/api/v1/executions/${executionId}`);
        return got.status === 200 && got.body.status === 'success' ? got.body : undefined;
      });
      expect(execution.workflowId).toBe('simple');
      expect(execution.mode).toBe('webhook');
      expect(Object.keys(execution.data.runData).sort()).toEqual(['hook', 'respond', 'set']);
      expect(execution.data.runData.set[0].outputs[0][0].json).toEqual({
        name: 'bench',
        value: 42,
        processed: true,
      });
    });

    it('answers onReceived webhooks only after the execution is stored (G1), then runs it', async () => {
      await activate(
        asyncWebhookWorkflow('async', 'orders/:id', [
          node('mark', 'core.set', {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'seen', type: 'string', value: '={{ $json.params.id }}' }],
          }),
        ]),
      );
      const response = await fetch(`${t.url}/webhook/orders/77`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ message: 'Workflow was started' });
      const executionId = response.headers.get('x-klikkflow-execution-id') as string;
      // Stored before the answer: the record exists the moment the caller has its id.
      const record = await t.server.context.repos.executions.get(executionId);
      expect(record).toBeDefined();
      const done = await eventually(async () => {
        const detail = await t.server.context.repos.executions.getDetail(executionId);
        return detail?.record.status === 'success' ? detail : undefined;
      });
      expect(done.runData.mark?.[0]?.outputs?.[0]?.[0]?.json.seen).toBe('77');
    });

    it('maps a repeated Idempotency-Key to the first execution (G2)', async () => {
      const send = () =>
        fetch(`${t.url}/webhook/orders/5`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'order-5-created' },
          body: '{}',
        });
      const first = await send();
      const second = await send();
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('x-klikkflow-execution-id')).toBe(
        first.headers.get('x-klikkflow-execution-id'),
      );
      const page = await t.server.context.repos.executions.list({ limit: 500, workflowId: 'async' });
      const withKey = page.items.filter((item) => item.idempotencyKey === 'order-5-created');
      expect(withKey).toHaveLength(1);
    });

    it('answers with the last node’s data in lastNode mode, and 500 WORKFLOW_FAILED when the run fails', async () => {
      await activate(
        workflow(
          'last',
          [
            node('hook', 'core.webhook', {
              httpMethod: 'GET',
              path: 'last',
              responseMode: 'lastNode',
              responseData: 'allEntries',
            }),
            node('fail-or-not', 'core.if', {
              conditions: {
                combinator: 'and',
                conditions: [
                  {
                    leftValue: '={{ $json.query.fail }}',
                    rightValue: 'yes',
                    operator: { type: 'string', operation: 'equals' },
                  },
                ],
              },
            }),
            node('boom', 'core.stopAndError', { errorMessage: 'asked to fail' }),
            node('ok', 'core.set', {
              mode: 'manual',
              include: 'none',
              assignments: [{ name: 'ok', type: 'boolean', value: true }],
            }),
          ],
          [link('hook', 'fail-or-not'), link('fail-or-not', 'boom', 0), link('fail-or-not', 'ok', 1)],
        ),
      );
      const ok = await fetch(`${t.url}/webhook/last?fail=no`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual([{ ok: true }]);
      const failed = await fetch(`${t.url}/webhook/last?fail=yes`);
      expect(failed.status).toBe(500);
      const body = (await failed.json()) as { executionId: string };
      expect(body).toMatchObject({ code: 'WORKFLOW_FAILED', message: 'asked to fail' });
      const record = await t.server.context.repos.executions.get(body.executionId);
      expect(record?.status).toBe('error');
      expect(record?.error?.message).toBe('asked to fail');
    });

    it('refuses unknown paths (404) and other methods (405 with Allow), and bad JSON bodies (400)', async () => {
      const missing = await fetch(`${t.url}/webhook/nothing-here`, { method: 'POST' });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { code: string }).code).toBe('WEBHOOK_NOT_FOUND');
      const wrongMethod = await fetch(`${t.url}/webhook/bench`, { method: 'GET' });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('POST');
      const badJson = await fetch(`${t.url}/webhook/bench`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":',
      });
      expect(badJson.status).toBe(400);
      expect(((await badJson.json()) as { code: string }).code).toBe('WEBHOOK_BODY_INVALID');
    });
  });
}
