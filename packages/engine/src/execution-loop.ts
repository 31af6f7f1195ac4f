import { type ExecutionEvent, serializeError, UserError } from '@klikkflow/types';
import { runScheduledNode } from './node-runner.js';
import type { RunContext } from './run-context.js';
import { releaseWaitingNode, scheduleChildren } from './scheduling.js';

/** Sends a lifecycle event; an observer that throws never breaks the execution. */
export function emit(run: RunContext, event: ExecutionEvent): void {
  try {
    run.setup.ports.events?.(event);
  } catch {
    // Observers (persistence, live updates, metrics) must not change an execution's outcome.
  }
}

/** Commits the state (G3): after this resolves, a crash resumes from here. */
export async function commit(run: RunContext): Promise<void> {
  run.state.sequence++;
  await run.setup.ports.checkpoints?.commit(run.state);
}

/**
 * The execution loop: takes the next scheduled node, runs it, records its run, schedules its children and
 * commits, until the stack drains, a node fails, the execution parks, or it is aborted.
 * Leaves `state.status` at its final value (or `waiting`).
 */
export async function runExecutionLoop(run: RunContext): Promise<void> {
  const { state, setup, graph } = run;
  const maxNodeRuns = run.workflow.settings.maxNodeRuns ?? setup.limits.maxNodeRuns;
  state.status = 'running';
  for (;;) {
    if (run.cancellation.aborted) break;
    if (state.stack.length === 0 && !releaseWaitingNode(run)) break;
    const entry = state.stack.shift();
    if (!entry) break;
    const node = graph.node(entry.nodeId);
    if (++state.nodeRuns > maxNodeRuns) {
      const error = new UserError(
        'WF_ENDLESS_LOOP',
        `stopped after ${maxNodeRuns} node runs: the workflow seems to be in an endless loop (last node "${node.name}")`,
        { details: { maxNodeRuns, node: node.name } },
      );
      state.error = { ...serializeError(error), nodeId: node.id, nodeName: node.name };
      state.status = 'error';
      break;
    }
    const runIndex = state.runData[node.id]?.length ?? 0;
    emit(run, {
      type: 'nodeStart',
      executionId: state.executionId,
      nodeId: node.id,
      nodeName: node.name,
      runIndex,
      at: setup.clock.now(),
    });
    const outcome = await runScheduledNode(run, entry);
    const runs = state.runData[node.id] ?? [];
    runs.push(outcome.run);
    state.runData[node.id] = runs;
    state.lastNodeId = node.id;
    emit(run, {
      type: 'nodeEnd',
      executionId: state.executionId,
      nodeId: node.id,
      nodeName: node.name,
      runIndex,
      status: outcome.run.status,
      itemCounts: (outcome.run.outputs ?? []).map((items) => items.length),
      durationMs: outcome.run.durationMs,
      at: setup.clock.now(),
    });
    if (outcome.waitUntil !== undefined) {
      state.status = 'waiting';
      state.waitTill = outcome.waitUntil;
      state.parked = entry;
      await commit(run);
      return;
    }
    if (outcome.failure) {
      state.error = { ...outcome.failure, nodeId: node.id, nodeName: node.name };
      state.status = 'error';
      break;
    }
    if (outcome.run.status === 'canceled') break;
    if (outcome.outputs) scheduleChildren(run, node.id, outcome.outputs, runIndex);
    await commit(run);
  }
  if (state.status === 'running') state.status = run.cancellation.aborted ? 'canceled' : 'success';
}
