import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateWorkflow, createWorkflow, errorBody, executionIn, executionsOf } from './server-actions.js';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { failsOnDemandWorkflow, link, node, workflow } from './workflow-fixtures.js';

/** An error workflow: Error Trigger, then a node that may fail too. */
function errorHandler(id: string, then: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  return workflow(
    id,
    [node('trigger', 'core.errorTrigger'), then],
    [link('trigger', String(then.id))],
    settings,
  );
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`error workflows [${dialect}]`, () => {
    let t: TestServer & { schema?: string };

    beforeAll(async () => {
      t = await startTestServer({ dialect });
      await createWorkflow(t, errorHandler('on-error', node('log', 'core.noOp')));
      // Not active: like n8n, an error workflow runs whether or not it is active.
      await activateWorkflow(t, failsOnDemandWorkflow('orders', 'orders', { errorWorkflow: 'on-error' }));
    });
    afterAll(async () => {
      await t.close();
      await removeTestServerData(t);
    });

    it('runs the error workflow once for a failed execution, with n8n’s error item', async () => {
      const ok = await fetch(`${t.url}/webhook/orders?fail=no`);
      expect(ok.status).toBe(200);
      const failed = await fetch(`${t.url}/webhook/orders?fail=yes`);
      expect(failed.status).toBe(500);
      const executionId = String((await errorBody(failed)).executionId);
      await executionIn(t, executionId, ['error']);
      // One run: for the failure only, not for the successful call before it.
      const [errorRun, ...others] = await executionsOfWhenSettled('on-error', 1);
      expect(others).toHaveLength(0);
      expect(errorRun.mode).toBe('trigger');
      const done = await executionIn(t, errorRun.id, ['success']);
      expect(done.data.runData.trigger[0].outputs[0][0].json).toEqual({
        execution: {
          id: executionId,
          mode: 'webhook',
          error: { message: 'asked to fail', code: expect.any(String) },
          lastNodeExecuted: 'Explode',
        },
        workflow: { id: 'orders', name: 'workflow orders' },
      });
      expect(done.data.runData.log[0].status).toBe('success');
    });

    it('does not run an error workflow again for its own failure', async () => {
      await createWorkflow(
        t,
        errorHandler(
          'fragile-handler',
          node('fail', 'core.stopAndError', { errorMessage: 'handler broke' }),
          {
            errorWorkflow: 'fragile-handler',
          },
        ),
      );
      await activateWorkflow(
        t,
        failsOnDemandWorkflow('payments', 'payments', { errorWorkflow: 'fragile-handler' }),
      );
      const failed = await fetch(`${t.url}/webhook/payments?fail=yes`);
      expect(failed.status).toBe(500);
      const [handlerRun, ...others] = await executionsOfWhenSettled('fragile-handler', 1);
      expect(others).toHaveLength(0);
      expect((await executionIn(t, handlerRun.id, ['error'])).error.message).toBe('handler broke');
    });

    /** The workflow's executions once at least `count` exist and none is still queued or running. */
    async function executionsOfWhenSettled(workflowId: string, count: number) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const list = await executionsOf(t, workflowId);
        const settled = list.every((execution) => !['new', 'running'].includes(execution.status));
        if (list.length >= count && settled) {
          // Give a second (wrong) start the time it would need to show up.
          await new Promise((resolve) => setTimeout(resolve, 200));
          return executionsOf(t, workflowId);
        }
        if (Date.now() > deadline) throw new Error(`no settled execution of ${workflowId} in time`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
}
