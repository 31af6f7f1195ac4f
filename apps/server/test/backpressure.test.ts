import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateWorkflow, callWebhook, errorBody, executionIn } from './server-actions.js';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { asyncWebhookWorkflow, node, waitNode } from './workflow-fixtures.js';

const CONCURRENCY = 1;
const CAPACITY = 2;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`backpressure: a bounded queue answers 429 instead of failing [${dialect}]`, () => {
    let t: TestServer & { schema?: string };

    beforeAll(async () => {
      t = await startTestServer({
        dialect,
        env: { KLIKKFLOW_CONCURRENCY: String(CONCURRENCY), KLIKKFLOW_QUEUE_CAPACITY: String(CAPACITY) },
      });
      // Answered at once, then a real one-second wait holds the only execution slot.
      await activateWorkflow(
        t,
        asyncWebhookWorkflow('slow', 'slow', [
          waitNode('wait', { resume: 'timeInterval', amount: 1, unit: 'seconds' }),
          node('done', 'core.noOp'),
        ]),
      );
    });
    afterAll(async () => {
      await t.close();
      await removeTestServerData(t);
    });

    it('accepts what fits, refuses the rest with 429 QUEUE_FULL, never 5xx, and runs every accepted call', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, index) => callWebhook(t, 'slow', { index })),
      );
      const answers = await Promise.all(
        responses.map(async (response) => ({
          status: response.status,
          executionId: response.headers.get('x-klikkflow-execution-id'),
          body: await errorBody(response),
        })),
      );
      const accepted = answers.filter((answer) => answer.status === 200);
      const refused = answers.filter((answer) => answer.status === 429);
      expect(accepted.length + refused.length, JSON.stringify(answers)).toBe(10);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      expect(accepted.length).toBeLessThanOrEqual(CONCURRENCY + CAPACITY);
      for (const answer of refused) expect(answer.body.code).toBe('QUEUE_FULL');

      // Every 2xx was stored before it was sent (G1), and runs to the end.
      for (const { executionId } of accepted) {
        expect(executionId).toBeTruthy();
        const done = await executionIn(t, executionId as string, ['success', 'error', 'canceled'], 10_000);
        expect(done.status).toBe('success');
        expect(done.data.runData.done).toHaveLength(1);
      }
      const after = await callWebhook(t, 'slow');
      expect(after.status).toBe(200);
      await executionIn(t, after.headers.get('x-klikkflow-execution-id') as string, ['success'], 5_000);
    });
  });
}
