import { afterEach, describe, expect, it } from 'vitest';
import { createWorkflow, errorBody, executionIn, runAndWait } from './server-actions.js';
import {
  createTestClock,
  removeTestServerData,
  startTestServer,
  type TestClock,
  type TestServer,
} from './server-harness.js';
import { manualChainWorkflow, markNode, node, waitNode } from './workflow-fixtures.js';

const HOUR = 3_600_000;

const twoHourWait = manualChainWorkflow('two-hours', [
  waitNode('wait', { resume: 'timeInterval', amount: 2, unit: 'hours' }),
  markNode('after', 'resumed', true),
]);

const webhookWait = manualChainWorkflow('on-call', [
  waitNode('wait', { resume: 'webhook' }),
  node('after', 'core.set', {
    mode: 'manual',
    include: 'none',
    assignments: [{ name: 'answer', type: 'number', value: '={{ $json.body.answer }}' }],
  }),
]);

type Server = TestServer & { schema?: string };

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`Wait nodes that park the execution [${dialect}]`, () => {
    let clock: TestClock;
    let t: Server;
    const toRemove: Server[] = [];

    async function start(sharesDataWith?: Server): Promise<Server> {
      const server = await startTestServer({
        dialect,
        clock,
        timers: false,
        ...(sharesDataWith && {
          dataDir: sharesDataWith.dataDir,
          ...(sharesDataWith.schema && { schema: sharesDataWith.schema }),
        }),
      });
      if (!sharesDataWith) toRemove.push(server);
      return server;
    }

    /** Starts a server with both workflows stored. */
    async function startWithWorkflows(): Promise<void> {
      clock = createTestClock();
      t = await start();
      await createWorkflow(t, twoHourWait);
      await createWorkflow(t, webhookWait);
    }

    const resumeCall = (server: Server, executionId: string, body: unknown) =>
      fetch(`${server.url}/webhook-waiting/${executionId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    afterEach(async () => {
      await t.close();
      for (const server of toRemove.splice(0)) await removeTestServerData(server);
    });

    it('parks a two-hour wait with its waitTill, and resumes it when the clock gets there', async () => {
      await startWithWorkflows();
      const parked = await runAndWait(t, 'two-hours');
      expect(parked.status).toBe('waiting');
      const waiting = await t.api('GET', `/api/v1/executions/${parked.executionId}`);
      expect(waiting.body).toMatchObject({ status: 'waiting', waitTill: clock.now() + 2 * HOUR });
      expect(waiting.body.data.runData.after).toBeUndefined();

      clock.advance(2 * HOUR - 1_000);
      await t.server.tickTimers();
      expect((await t.api('GET', `/api/v1/executions/${parked.executionId}`)).body.status).toBe('waiting');

      clock.advance(1_000);
      await t.server.tickTimers();
      const done = await executionIn(t, parked.executionId, ['success']);
      expect(done.waitTill).toBeUndefined();
      expect(done.data.runData.wait[0].status).toBe('success');
      expect(done.data.runData.after[0].outputs[0][0].json).toEqual({ resumed: true });
    });

    it('resumes a webhook wait through /webhook-waiting/<id> with the request as the Wait output, once', async () => {
      await startWithWorkflows();
      const parked = await runAndWait(t, 'on-call');
      expect(parked.status).toBe('waiting');

      const resumed = await resumeCall(t, parked.executionId, { answer: 42 });
      expect(resumed.status).toBe(200);
      expect(await resumed.json()).toEqual({ message: 'Execution resumed', executionId: parked.executionId });
      const done = await executionIn(t, parked.executionId, ['success']);
      expect(done.data.runData.wait[0].outputs[0][0].json.body).toEqual({ answer: 42 });
      expect(done.data.runData.after[0].outputs[0][0].json).toEqual({ answer: 42 });

      const again = await resumeCall(t, parked.executionId, { answer: 43 });
      expect(again.status).toBe(409);
      expect((await errorBody(again)).code).toBe('EXECUTION_STATE_CONFLICT');
      const unknown = await resumeCall(t, 'no-such-execution', {});
      expect(unknown.status).toBe(404);
      expect((await errorBody(unknown)).code).toBe('EXECUTION_NOT_FOUND');
    });

    it('cancels a waiting execution, which then cannot be resumed', async () => {
      await startWithWorkflows();
      const timed = await runAndWait(t, 'two-hours');
      const onCall = await runAndWait(t, 'on-call');
      for (const { executionId } of [timed, onCall]) {
        const canceled = await t.api('POST', `/api/v1/executions/${executionId}/cancel`);
        expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
        expect(canceled.body.status).toBe('canceled');
      }
      expect((await resumeCall(t, onCall.executionId, {})).status).toBe(409);
      clock.advance(3 * HOUR);
      await t.server.tickTimers();
      const timedRecord = await t.api('GET', `/api/v1/executions/${timed.executionId}`);
      expect(timedRecord.body.status).toBe('canceled');
      expect(timedRecord.body.data.runData.after).toBeUndefined();
    });

    it('keeps waiting executions across a restart and resumes them on the new server', async () => {
      await startWithWorkflows();
      const timed = await runAndWait(t, 'two-hours');
      const onCall = await runAndWait(t, 'on-call');
      const before = t;
      await before.close();

      t = await start(before);
      expect((await t.api('GET', `/api/v1/executions/${onCall.executionId}`)).body.status).toBe('waiting');
      const resumed = await resumeCall(t, onCall.executionId, { answer: 7 });
      expect(resumed.status).toBe(200);
      const afterCall = await executionIn(t, onCall.executionId, ['success']);
      expect(afterCall.data.runData.after[0].outputs[0][0].json).toEqual({ answer: 7 });

      clock.advance(2 * HOUR);
      await t.server.tickTimers();
      const afterTime = await executionIn(t, timed.executionId, ['success']);
      expect(afterTime.data.runData.after[0].outputs[0][0].json).toEqual({ resumed: true });
    });
  });
}
