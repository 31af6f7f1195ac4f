import { randomUUID } from 'node:crypto';
import type { ExecutionState } from '@klikkflow/engine';
import type { NodeRun } from '@klikkflow/types';
import type { NewExecution } from '../src/repositories.types.js';
import { makeWorkflow } from './workflow-fixture.js';

/** A new execution of a fresh workflow id, created at `createdAt`. */
export function makeExecution(overrides: Partial<NewExecution> = {}): NewExecution {
  const workflow = makeWorkflow();
  return {
    id: randomUUID(),
    workflowId: workflow.id,
    mode: 'manual',
    status: 'new',
    workflow,
    start: { items: [{ json: { hello: 'world' } }] },
    createdAt: 1_000,
    ...overrides,
  };
}

/** A successful node run. */
export function makeRun(runIndex: number, value = runIndex): NodeRun {
  return {
    runIndex,
    status: 'success',
    startedAt: 5_000 + runIndex,
    durationMs: 3,
    source: [null],
    inputs: [[{ json: {} }]],
    outputs: [[{ json: { value } }]],
  };
}

/** Engine state at `sequence`. */
export function makeState(execution: NewExecution, sequence: number): ExecutionState {
  return {
    executionId: execution.id,
    workflowId: execution.workflowId,
    mode: execution.mode,
    status: 'running',
    startedAt: 2_000,
    runData: {},
    stack: [{ nodeId: 'set', inputs: [[{ json: { n: sequence } }]], source: [null] }],
    waiting: [],
    nodeState: {},
    nodeRuns: sequence,
    sequence,
  };
}
