import type { Metrics } from '@klikkflow/core';
import type { ScheduleRepository } from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';
import { nextRuns, scheduleTriggerItem } from '@klikkflow/nodes';
import type { Workflow } from '@klikkflow/types';
import type { ExecutionService } from '../executions/execution-service.js';
import { enabledNodes, SCHEDULE_NODE } from './webhook-routes.js';

/** What a schedule does with a slot it finds late (missed while the server was down). */
export type CatchUpPolicy = 'latest' | 'none';

/** Fires the Schedule Trigger nodes of active workflows, at most once per slot (G8). */
export interface ScheduleRunner {
  /** Starts scheduling the workflow's Schedule Trigger nodes (replacing earlier ones). */
  set(workflow: Workflow): Promise<void>;
  remove(workflowId: string): Promise<void>;
  /** Stops scheduling the workflow in this process only (another process removed its stored rows). */
  forget(workflowId: string): void;
  /** Fires every slot due by now; the timer calls it, tests call it with a fake clock. */
  tick(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): void;
}

interface ScheduledNode {
  workflow: Workflow;
  nodeId: string;
  /** The last slot handled, or when scheduling began: slots after it are due. */
  anchor: number;
}

/** Most slots looked at per node per tick; anything older than that many missed slots is simply skipped. */
const SLOT_SCAN_LIMIT = 1_000;

/** Creates the runner. A slot older than `graceMs` when found counts as missed and follows `catchUp`. */
export function createScheduleRunner(deps: {
  schedules: ScheduleRepository;
  executions: ExecutionService;
  clock: Clock;
  metrics: Metrics;
  catchUp: CatchUpPolicy;
  graceMs?: number;
  onError?: (error: unknown, workflowId: string) => void;
}): ScheduleRunner {
  const graceMs = deps.graceMs ?? 60_000;
  const nodes = new Map<string, ScheduledNode[]>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking: Promise<void> | undefined;

  /** Due slots after the anchor: how many were passed over, and the latest. */
  function dueSlots(scheduled: ScheduledNode, now: number): { latest?: number; passedOver: number } {
    const node = scheduled.workflow.nodes.find((candidate) => candidate.id === scheduled.nodeId);
    if (!node) return { passedOver: 0 };
    const due = nextRuns(
      node.parameters,
      scheduled.workflow.settings.timezone,
      new Date(scheduled.anchor),
      SLOT_SCAN_LIMIT,
    )
      .map((date) => date.getTime())
      .filter((time) => time <= now);
    const latest = due.at(-1);
    return latest === undefined ? { passedOver: 0 } : { latest, passedOver: due.length - 1 };
  }

  async function fire(scheduled: ScheduledNode, now: number): Promise<void> {
    const { latest, passedOver } = dueSlots(scheduled, now);
    if (latest === undefined) return;
    const late = now - latest > graceMs;
    const outcome = late && deps.catchUp === 'none' ? 'skipped' : 'fired';
    // A claim that throws (the database is down) leaves the anchor: the next tick tries these slots again
    // instead of losing them uncounted.
    const claimed = await deps.schedules.claimSlot({
      workflowId: scheduled.workflow.id,
      nodeId: scheduled.nodeId,
      slotAt: latest,
      firedAt: now,
      outcome,
    });
    scheduled.anchor = latest;
    if (passedOver > 0) deps.metrics.scheduleSlots.inc({ outcome: 'skipped' }, passedOver);
    if (!claimed) {
      deps.metrics.scheduleSlots.inc({ outcome: 'duplicate' });
      return;
    }
    deps.metrics.scheduleSlots.inc({ outcome });
    if (outcome === 'skipped') return;
    const { workflow } = scheduled;
    await deps.executions.start({
      workflow,
      mode: 'schedule',
      durable: true,
      startNodeId: scheduled.nodeId,
      triggerItems: [{ json: scheduleTriggerItem(latest, workflow.settings.timezone) }],
      // A second main that claims the same slot anyway cannot start a second execution.
      idempotencyKey: `schedule:${scheduled.nodeId}:${latest}`,
    });
  }

  async function tickAll(): Promise<void> {
    const now = deps.clock.now();
    for (const [workflowId, list] of nodes) {
      for (const scheduled of list) {
        try {
          await fire(scheduled, now);
        } catch (error) {
          deps.onError?.(error, workflowId);
        }
      }
    }
  }

  return {
    async set(workflow) {
      const scheduleNodes = enabledNodes(workflow, SCHEDULE_NODE);
      await deps.schedules.syncForWorkflow(
        workflow.id,
        scheduleNodes.map((node) => node.id),
      );
      const stored = new Map(
        (await deps.schedules.list())
          .filter((record) => record.workflowId === workflow.id)
          .map((record) => [record.nodeId, record.lastSlotAt]),
      );
      const now = deps.clock.now();
      const list = scheduleNodes.map((node) => ({
        workflow,
        nodeId: node.id,
        anchor: stored.get(node.id) ?? now,
      }));
      if (list.length > 0) nodes.set(workflow.id, list);
      else nodes.delete(workflow.id);
    },
    async remove(workflowId) {
      nodes.delete(workflowId);
      await deps.schedules.syncForWorkflow(workflowId, []);
    },
    forget(workflowId) {
      nodes.delete(workflowId);
    },
    tick() {
      ticking ??= tickAll().finally(() => {
        ticking = undefined;
      });
      return ticking;
    },
    start(intervalMs = 1_000) {
      timer ??= setInterval(() => void this.tick(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
