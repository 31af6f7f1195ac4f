import {
  canTransition,
  type ExecutionStatus,
  executionStatusSchema,
  TERMINAL_STATUSES,
} from '@klikkflow/types';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import { transitionChecked } from '../src/execution-transitions.js';
import type { ExecutionRepository } from '../src/repositories.types.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeExecution } from './execution-fixture.js';

const RUNS = 200;
const TIMEOUT_MS = 120_000;

const statuses = executionStatusSchema.options;
const statusArb = fc.constantFrom(...statuses);
const casArb = fc.record({ from: fc.subarray([...statuses]), to: statusArb });
const initialArb = fc.constantFrom<'new' | 'running'>('new', 'running');

/** One compare-and-set on the model: what it answers and the status after it. */
type Step = { moved: boolean; status: ExecutionStatus };
type Move = (status: ExecutionStatus) => Step;

const cas =
  (from: readonly ExecutionStatus[], to: ExecutionStatus): Move =>
  (status) =>
    from.includes(status) ? { moved: true, status: to } : { moved: false, status };

/** The model of `transitionChecked`: the state machine itself, not the helper's code. */
const allowed =
  (to: ExecutionStatus): Move =>
  (status) =>
    canTransition(status, to) ? { moved: true, status: to } : { moved: false, status };

/**
 * Runs two moves at once and checks the outcome is one of the two serial orders: each answer and the
 * final status must match running them one after the other. Returns the status reached.
 */
async function checkPair(
  current: ExecutionStatus,
  moves: [Move, Move],
  run: [() => Promise<boolean>, () => Promise<boolean>],
  stored: () => Promise<ExecutionStatus | undefined>,
): Promise<ExecutionStatus> {
  const answers = await Promise.all([run[0](), run[1]()]);
  const final = await stored();
  const serial = (first: 0 | 1) => {
    const a = moves[first](current);
    const b = moves[first === 0 ? 1 : 0](a.status);
    return first === 0
      ? { answers: [a.moved, b.moved], final: b.status }
      : { answers: [b.moved, a.moved], final: b.status };
  };
  expect([serial(0), serial(1)]).toContainEqual({ answers, final });
  return final as ExecutionStatus;
}

describeOnBothDialects('execution status state machine (model-based)', (database) => {
  const repo = () => createExecutionRepository(database.connection().db);
  const statusOf = (id: string) => async () => (await repo().get(id))?.status;

  it(
    'transition is a compare-and-set matching the model, alone and in concurrent pairs',
    async () => {
      const opArb = fc.oneof(
        fc.record({ kind: fc.constant('one' as const), op: casArb }),
        fc.record({ kind: fc.constant('pair' as const), ops: fc.tuple(casArb, casArb) }),
      );
      await fc.assert(
        fc.asyncProperty(initialArb, fc.array(opArb, { maxLength: 12 }), async (initial, ops) => {
          const execution = makeExecution({ status: initial });
          await repo().create(execution);
          let model: ExecutionStatus = initial;
          for (const op of ops) {
            if (op.kind === 'one') {
              const expected = cas(op.op.from, op.op.to)(model);
              expect(await repo().transition(execution.id, op.op.from, op.op.to)).toBe(expected.moved);
              model = expected.status;
            } else {
              const [a, b] = op.ops;
              model = await checkPair(
                model,
                [cas(a.from, a.to), cas(b.from, b.to)],
                [
                  () => repo().transition(execution.id, a.from, a.to),
                  () => repo().transition(execution.id, b.from, b.to),
                ],
                statusOf(execution.id),
              );
            }
            expect(await statusOf(execution.id)()).toBe(model);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'transitionChecked follows EXECUTION_TRANSITIONS, never attempts a forbidden pair, and terminal is final',
    async () => {
      const opArb = fc.oneof(
        fc.record({ kind: fc.constant('one' as const), to: statusArb }),
        fc.record({ kind: fc.constant('pair' as const), to: fc.tuple(statusArb, statusArb) }),
      );
      await fc.assert(
        fc.asyncProperty(initialArb, fc.array(opArb, { maxLength: 12 }), async (initial, ops) => {
          const execution = makeExecution({ status: initial });
          await repo().create(execution);
          // Records every compare-and-set the helper asks for, to prove no forbidden pair is attempted.
          const attempted: { from: readonly ExecutionStatus[]; to: ExecutionStatus }[] = [];
          const inner = repo();
          const spied: Pick<ExecutionRepository, 'transition'> = {
            transition: (id, from, to, patch) => {
              attempted.push({ from, to });
              return inner.transition(id, from, to, patch);
            },
          };
          const move = (to: ExecutionStatus) => () => transitionChecked(spied, execution.id, to);
          let model: ExecutionStatus = initial;
          for (const op of ops) {
            const before = model;
            if (op.kind === 'one') {
              const expected = allowed(op.to)(model);
              expect(await move(op.to)()).toBe(expected.moved);
              model = expected.status;
            } else {
              const [a, b] = op.to;
              model = await checkPair(
                model,
                [allowed(a), allowed(b)],
                [move(a), move(b)],
                statusOf(execution.id),
              );
            }
            expect(await statusOf(execution.id)()).toBe(model);
            if (TERMINAL_STATUSES.includes(before)) expect(model).toBe(before);
          }
          for (const { from, to } of attempted) {
            for (const status of from) expect(canTransition(status, to), `${status} → ${to}`).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it('transitionChecked moves along allowed edges only', async () => {
    const execution = makeExecution();
    await repo().create(execution);
    expect(await transitionChecked(repo(), execution.id, 'success')).toBe(false);
    expect(await transitionChecked(repo(), execution.id, 'running', { startedAt: 5 })).toBe(true);
    expect(await transitionChecked(repo(), execution.id, 'new')).toBe(false);
    expect(await transitionChecked(repo(), execution.id, 'success', { finishedAt: 9 })).toBe(true);
    expect(await transitionChecked(repo(), execution.id, 'running')).toBe(false);
    expect(await repo().get(execution.id)).toMatchObject({ status: 'success', startedAt: 5, finishedAt: 9 });
  });
});
