import fc from 'fast-check';
import { it } from 'vitest';
import { createExecutionRepository } from '../src/execution.repository.js';
import { createExecutionLeaseRepository } from '../src/execution-lease.repository.js';
import { describeOnBothDialects } from './contract-harness.js';
import {
  AdvanceClock,
  Checkpoint,
  Claim,
  ClaimRace,
  Crash,
  Enqueue,
  Finish,
  HandOver,
  Heartbeat,
  Release,
  RequestCancel,
} from './lease-commands.js';
import { type LeaseModel, MODEL_LEASE_MS } from './lease-model.js';
import type { LeaseSystem } from './lease-system.js';

const worker = fc.integer({ min: 0, max: 2 });
const pick = fc.nat({ max: 5 });

// Weighted towards claims, clock and checkpoints, so takeovers (and quarantine) happen, and away from
// the commands that end an execution early.
const command = fc.oneof(
  { weight: 1, arbitrary: fc.constant(new Enqueue()) },
  { weight: 4, arbitrary: fc.tuple(worker, pick).map(([w, p]) => new Claim(w, p)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(worker, fc.integer({ min: 1, max: 2 }), pick)
      .map(([w, other, p]) => new ClaimRace([w, (w + other) % 3], p)),
  },
  { weight: 2, arbitrary: fc.tuple(worker, pick).map(([w, p]) => new Heartbeat(w, p)) },
  {
    weight: 4,
    // Exactly one lease, or one more millisecond, lands on the boundary where a lease expires.
    arbitrary: fc
      .oneof(fc.constantFrom(MODEL_LEASE_MS, 1), fc.integer({ min: 1, max: 2 * MODEL_LEASE_MS }))
      .map((ms) => new AdvanceClock(ms)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(worker, pick, fc.integer({ min: 0, max: 2 }))
      .map(([w, p, advance]) => new Checkpoint(w, p, advance)),
  },
  { weight: 1, arbitrary: worker.map((w) => new Crash(w)) },
  { weight: 1, arbitrary: fc.tuple(worker, pick).map(([w, p]) => new Release(w, p)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(worker, pick, fc.constantFrom('success', 'error', 'canceled', 'waiting', 'waiting'))
      .map(([w, p, to]) => new Finish(w, p, to)),
  },
  { weight: 1, arbitrary: pick.map((p) => new RequestCancel(p)) },
  { weight: 2, arbitrary: pick.map((p) => new HandOver(p)) },
);

const commands = fc.commands([command], { maxCommands: 30, size: 'max' });

describeOnBothDialects('execution lease state machine (model-based)', (database) => {
  it('claims, heartbeats, checkpoints, crashes, releases, finishes, cancels and hand-overs follow the model', async () => {
    const system = (): LeaseSystem => {
      const { db } = database.connection();
      return {
        db,
        leases: createExecutionLeaseRepository(db, database.dialect),
        executions: createExecutionRepository(db),
        seen: new Map(),
      };
    };
    const model = (): LeaseModel => ({
      now: 1_000_000,
      executions: [],
      memory: [new Map(), new Map(), new Map()],
    });
    // Every run starts with one execution, so no command waits for an enqueue to mean something.
    const setup = async () => {
      const start = { model: model(), real: system() };
      await new Enqueue().run(start.model, start.real);
      return start;
    };
    await fc.assert(
      fc.asyncProperty(commands, (sequence) => fc.asyncModelRun(setup, sequence)),
      { numRuns: database.dialect === 'sqlite' ? 1_000 : 100 },
    );
  }, 60_000);
});
