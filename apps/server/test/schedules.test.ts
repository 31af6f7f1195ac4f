import { afterEach, describe, expect, it } from 'vitest';
import { activateWorkflow, executionIn, executionsOf, metricsText, metricValue } from './server-actions.js';
import {
  createTestClock,
  removeTestServerData,
  startTestServer,
  type TestClock,
  type TestServer,
  type TestServerOptions,
} from './server-harness.js';
import { scheduleWorkflow } from './workflow-fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const EVERY_MINUTE = { field: 'minutes', minutesInterval: 1 };
const EVERY_HOUR = { field: 'hours', hoursInterval: 1, triggerAtMinute: 0 };

type Server = TestServer & { schema?: string };

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`Schedule Trigger on a fake clock [${dialect}] (G8)`, () => {
    let clock: TestClock;
    /** Servers to close; the first of each data dir or schema also has its data removed. */
    const started: { server: Server; owner: boolean }[] = [];

    async function start(options: TestServerOptions = {}, sharesDataWith?: Server): Promise<Server> {
      const server = await startTestServer({
        dialect,
        clock,
        timers: false,
        ...(sharesDataWith && {
          dataDir: sharesDataWith.dataDir,
          ...(sharesDataWith.schema && { schema: sharesDataWith.schema }),
        }),
        ...options,
      });
      started.push({ server, owner: sharesDataWith === undefined });
      return server;
    }

    /** Moves the clock and runs one scheduler tick on each server, all at once. */
    async function advanceAndTick(ms: number, ...servers: Server[]): Promise<void> {
      clock.advance(ms);
      await Promise.all(servers.map((server) => server.server.tickTimers()));
    }

    async function slotRows(t: Server) {
      return t.server.context.database.db
        .selectFrom('schedule_slots')
        .selectAll()
        .orderBy('slot_at')
        .execute();
    }

    afterEach(async () => {
      // Newest first: a server sharing a data dir or schema closes before the one that owns it.
      for (const { server, owner } of started.splice(0).reverse()) {
        await server.close();
        if (owner) await removeTestServerData(server);
      }
    });

    it('fires an every-minute schedule exactly once per slot, with n8n’s trigger item', async () => {
      clock = createTestClock();
      const t = await start();
      await activateWorkflow(t, scheduleWorkflow('every-minute', EVERY_MINUTE));
      await advanceAndTick(30_000, t);
      expect(await executionsOf(t, 'every-minute')).toHaveLength(0);

      await advanceAndTick(30_000, t);
      await t.server.tickTimers();
      const [first, ...others] = await executionsOf(t, 'every-minute');
      expect(others).toHaveLength(0);
      const done = await executionIn(t, first.id, ['success']);
      expect(done.mode).toBe('schedule');
      expect(done.data.runData.schedule[0].outputs[0].map((item: { json: unknown }) => item.json)).toEqual([
        {
          timestamp: '2026-01-05T09:01:00+00:00',
          'Readable date': 'January 5th 2026, 9:01:00 am',
          'Readable time': '9:01:00 am',
          'Day of week': 'Monday',
          Year: '2026',
          Month: 'January',
          'Day of month': '05',
          Hour: '09',
          Minute: '01',
          Second: '00',
          Timezone: 'UTC (UTC+00:00)',
        },
      ]);
      expect(done.data.runData.after[0].status).toBe('success');

      await advanceAndTick(MINUTE, t);
      await advanceAndTick(0, t);
      expect(await executionsOf(t, 'every-minute')).toHaveLength(2);
      expect((await slotRows(t)).map((row) => [Number(row.slot_at), row.outcome])).toEqual([
        [Date.UTC(2026, 0, 5, 9, 1), 'fired'],
        [Date.UTC(2026, 0, 5, 9, 2), 'fired'],
      ]);
    });

    it('fires a cron rule only at its times, in the workflow’s time zone', async () => {
      clock = createTestClock();
      const t = await start();
      // 10:00 in Oslo is 09:00 UTC in winter: the clock starts exactly there, so the next fire is tomorrow.
      await activateWorkflow(
        t,
        scheduleWorkflow(
          'cron',
          { field: 'cronExpression', expression: '0 10 * * *' },
          { timezone: 'Europe/Oslo' },
        ),
      );
      await advanceAndTick(24 * HOUR - MINUTE, t);
      expect(await executionsOf(t, 'cron')).toHaveLength(0);
      await advanceAndTick(MINUTE, t);
      const [execution, ...others] = await executionsOf(t, 'cron');
      expect(others).toHaveLength(0);
      const done = await executionIn(t, execution.id, ['success']);
      expect(done.data.runData.schedule[0].outputs[0][0].json).toMatchObject({
        timestamp: '2026-01-06T10:00:00+01:00',
        Timezone: 'Europe/Oslo (UTC+01:00)',
        'Day of week': 'Tuesday',
      });
    });

    // Two mains share PostgreSQL only: SQLite is the single-main embedded mode (no test, not a skipped one).
    if (dialect === 'postgres') {
      it('fires a slot once when two servers on one database tick it together', async () => {
        clock = createTestClock();
        const first = await start();
        await activateWorkflow(first, scheduleWorkflow('shared', EVERY_MINUTE));
        const second = await start({}, first);
        await advanceAndTick(MINUTE, first, second);

        const executions = await executionsOf(first, 'shared');
        expect(executions).toHaveLength(1);
        await executionIn(first, executions[0].id, ['success']);
        expect(await slotRows(first)).toHaveLength(1);
        const texts = [await metricsText(first), await metricsText(second)];
        const total = (outcome: string) =>
          texts.reduce(
            (sum, text) => sum + (metricValue(text, 'klikkflow_schedule_slots_total', { outcome }) ?? 0),
            0,
          );
        // Both servers tried the slot: one claimed it, the other was refused by the database.
        expect(total('fired')).toBe(1);
        expect(total('duplicate')).toBe(1);
      });
    }

    for (const policy of ['latest', 'none'] as const) {
      it(`after downtime, catch-up "${policy}" ${policy === 'latest' ? 'fires the latest slot once' : 'fires nothing'} and counts the skipped slots`, async () => {
        clock = createTestClock();
        const env = { KLIKKFLOW_SCHEDULE_CATCH_UP: policy };
        const before = await start({ env });
        await activateWorkflow(before, scheduleWorkflow('hourly', EVERY_HOUR));
        await advanceAndTick(HOUR, before);
        await executionIn(before, (await executionsOf(before, 'hourly'))[0].id, ['success']);
        await before.close();

        // Down for ten slots and a half: 11:00 ... 20:00 pass unseen, 20:00 is 30 minutes late.
        clock.advance(10 * HOUR + 30 * MINUTE);
        const after = await start({ env }, before);
        await after.server.tickTimers();
        await after.server.tickTimers();

        const executions = await executionsOf(after, 'hourly');
        const metrics = await metricsText(after);
        const skipped = metricValue(metrics, 'klikkflow_schedule_slots_total', { outcome: 'skipped' });
        const latestSlot = Date.UTC(2026, 0, 5, 20, 0);
        const rows = await slotRows(after);
        expect(rows.map((row) => Number(row.slot_at))).toEqual([Date.UTC(2026, 0, 5, 10, 0), latestSlot]);
        if (policy === 'latest') {
          expect(executions).toHaveLength(2);
          const caughtUp = executions.find(
            (execution) => execution.idempotencyKey === `schedule:schedule:${latestSlot}`,
          );
          expect(caughtUp).toBeDefined();
          const caughtUpRun = await executionIn(after, caughtUp.id, ['success']);
          // The execution describes the slot it stands for, not the moment it was caught up.
          expect(caughtUpRun.data.runData.schedule[0].outputs[0][0].json.timestamp).toBe(
            new Date(latestSlot).toISOString().replace('.000Z', '+00:00'),
          );
          expect(skipped).toBe(9);
          expect(metricValue(metrics, 'klikkflow_schedule_slots_total', { outcome: 'fired' })).toBe(1);
          expect(rows[1]?.outcome).toBe('fired');
        } else {
          expect(executions).toHaveLength(1);
          expect(skipped).toBe(10);
          expect(metricValue(metrics, 'klikkflow_schedule_slots_total', { outcome: 'fired' }) ?? 0).toBe(0);
          expect(rows[1]?.outcome).toBe('skipped');
        }
        // The catch-up is done: the next slot is an ordinary one.
        await advanceAndTick(30 * MINUTE, after);
        expect(await executionsOf(after, 'hourly')).toHaveLength(executions.length + 1);
      });
    }

    it('stops firing once the workflow is deactivated', async () => {
      clock = createTestClock();
      const t = await start();
      await activateWorkflow(t, scheduleWorkflow('stoppable', EVERY_MINUTE));
      await advanceAndTick(MINUTE, t);
      expect(await executionsOf(t, 'stoppable')).toHaveLength(1);
      expect((await t.api('POST', '/api/v1/workflows/stoppable/deactivate')).status).toBe(200);
      await advanceAndTick(MINUTE, t);
      await advanceAndTick(10 * MINUTE, t);
      expect(await executionsOf(t, 'stoppable')).toHaveLength(1);
    });
  });
}
