import type { ExecutionEvent, NodeRun, RunData, Workflow } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { MemoryCheckpoints, RunCounter, SimulatedCrash, testEngine, workflow } from './test-kit.js';

/** Run data without timing, for comparing an interrupted run with an uninterrupted one. */
function comparable(runData: RunData): Record<string, Omit<NodeRun, 'startedAt' | 'durationMs'>[]> {
  return Object.fromEntries(
    Object.entries(runData).map(([node, runs]) => [
      node,
      runs.map(({ startedAt: _s, durationMs: _d, ...rest }) => rest),
    ]),
  );
}

/** Branches, a merge, a loop with node state: every kind of boundary the engine has. */
function richWorkflow(): Workflow {
  return workflow(
    [
      ['T', 'test.trigger'],
      ['Branch', 'test.branch'],
      ['A', 'test.set', { parameters: { values: { a: true } } }],
      ['B', 'test.set', { parameters: { values: { b: true } } }],
      ['M', 'test.merge'],
      ['Loop', 'test.batches', { parameters: { size: 2 } }],
      ['Body', 'test.set', { parameters: { values: { looped: true } } }],
      ['Done', 'test.set', { parameters: { values: { done: true } } }],
    ],
    [
      'T->Branch',
      'Branch:0->A',
      'Branch:1->B',
      'A->M:0',
      'B->M:1',
      'M->Loop',
      'Loop:1->Body',
      'Body->Loop',
      'Loop:0->Done',
    ],
  );
}

const triggerItems = [true, false, true, false, true].map((flag, id) => ({ json: { id, flag } }));

describe('checkpoint and resume', () => {
  it('commits after every node and resumes from any boundary to exactly the uninterrupted result', async () => {
    const baselineStore = new MemoryCheckpoints();
    const baseline = testEngine({ checkpoints: baselineStore });
    const expected = await baseline.engine.run({ workflow: richWorkflow(), triggerItems, executionId: 'e1' });
    expect(expected.status).toBe('success');
    const boundaries = baselineStore.committed.length;
    expect(boundaries).toBeGreaterThan(10);

    for (let crashAfter = 1; crashAfter < boundaries; crashAfter++) {
      const counter = new RunCounter();
      const store = new MemoryCheckpoints(crashAfter);
      const first = testEngine({ checkpoints: store }, counter);
      await expect(
        first.engine.run({ workflow: richWorkflow(), triggerItems, executionId: 'e1' }),
      ).rejects.toBeInstanceOf(SimulatedCrash);
      const committedBeforeCrash = structuredClone(counter.counts);

      const resumedStore = new MemoryCheckpoints();
      const second = testEngine({ checkpoints: resumedStore }, counter);
      const resumed = await second.engine.resume(richWorkflow(), store.last);
      expect(resumed.status, `crash after commit ${crashAfter}`).toBe('success');
      expect(comparable(resumed.runData), `crash after commit ${crashAfter}`).toEqual(
        comparable(expected.runData),
      );
      // No committed node ran again: each node ran exactly as often as in the uninterrupted run.
      expect(counter.counts, `crash after commit ${crashAfter}`).toEqual(baseline.counter.counts);
      expect(resumedStore.committed[0]?.sequence).toBeGreaterThan(store.last.sequence);
      for (const [node, count] of committedBeforeCrash)
        expect(counter.of(node)).toBeGreaterThanOrEqual(count);
    }
  });

  it('never runs a node again once the execution is terminal', async () => {
    const store = new MemoryCheckpoints();
    const { engine, counter } = testEngine({ checkpoints: store });
    const done = await engine.run({ workflow: richWorkflow(), triggerItems });
    const again = await engine.resume(richWorkflow(), done.state);
    expect(again.status).toBe('success');
    expect(counter.of('T')).toBe(1);
  });
});

describe('wait', () => {
  it('parks the execution as waiting and resumes with the parked input passed through', async () => {
    const store = new MemoryCheckpoints();
    const { engine, counter, clock } = testEngine({ checkpoints: store });
    const until = clock.now() + 3_600_000;
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Park', 'test.park', { parameters: { until } }],
        ['After', 'test.set', { parameters: { values: { after: 1 } } }],
      ],
      ['T->Park', 'Park->After'],
    );
    const parked = await engine.run({ workflow: wf, triggerItems: [{ json: { x: 1 } }] });
    expect(parked.status).toBe('waiting');
    expect(parked.waitTill).toBe(until);
    expect(parked.runData.Park?.[0]?.status).toBe('waiting');
    expect(counter.of('After')).toBe(0);
    expect(store.last.status).toBe('waiting');

    const resumed = await engine.resume(wf, store.last);
    expect(resumed.status).toBe('success');
    expect(counter.of('Park')).toBe(1);
    expect(resumed.runData.Park).toHaveLength(1);
    expect(resumed.runData.Park?.[0]?.status).toBe('success');
    expect(resumed.output?.[0]?.map((item) => item.json)).toEqual([{ x: 1, after: 1 }]);
  });

  it('resumes with the given output of the parked node instead (a resume webhook request)', async () => {
    const store = new MemoryCheckpoints();
    const { engine, counter, clock } = testEngine({ checkpoints: store });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Park', 'test.park', { parameters: { until: clock.now() + 60_000 } }],
        ['After', 'test.set', { parameters: { values: { after: 1 } } }],
      ],
      ['T->Park', 'Park->After'],
    );
    await engine.run({ workflow: wf, triggerItems: [{ json: { x: 1 } }] });
    const events: ExecutionEvent[] = [];
    const observed = testEngine({ checkpoints: store, events: (event) => events.push(event) }, counter);
    const resumed = await observed.engine.resume(wf, store.last, {
      parkedOutput: [{ json: { body: 'hello' } }],
    });
    // The parked node is seen to succeed, with what resumed it.
    expect(events.find((event) => event.type === 'nodeEnd')).toMatchObject({
      nodeName: 'Park',
      status: 'success',
      itemCounts: [1],
    });
    expect(resumed.status).toBe('success');
    expect(counter.of('Park')).toBe(1);
    expect(resumed.runData.Park?.[0]?.outputs?.[0]?.map((item) => item.json)).toEqual([{ body: 'hello' }]);
    expect(resumed.output?.[0]?.map((item) => item.json)).toEqual([{ body: 'hello', after: 1 }]);
  });
});
