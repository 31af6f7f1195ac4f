import { describe, expect, it } from 'vitest';
import { EventLog, outputJson, testEngine, workflow } from './test-kit.js';

const items = (...flags: boolean[]) => flags.map((flag, id) => ({ json: { id, flag } }));

describe('scheduling', () => {
  it('runs a linear workflow and records inputs, outputs and sources per run', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set', { parameters: { values: { a: 1 } } }],
        ['B', 'test.set', { parameters: { values: { b: 2 } } }],
      ],
      ['T->A', 'A->B'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: [{ json: { x: 0 } }] });
    expect(result.status).toBe('success');
    expect(outputJson(result.runData, 'B')).toEqual([{ x: 0, a: 1, b: 2 }]);
    expect(result.output?.[0]?.map((item) => item.json)).toEqual([{ x: 0, a: 1, b: 2 }]);
    const runB = result.runData.B?.[0];
    expect(runB?.source).toEqual([{ node: 'A', output: 0, runIndex: 0 }]);
    expect(runB?.inputs[0]?.[0]?.json).toEqual({ x: 0, a: 1 });
    expect(result.lastNodeId).toBe('B');
  });

  it('v1 runs the topmost branch to its end first, whatever the output index', async () => {
    const log = new EventLog();
    const { engine } = testEngine({ events: log.listener });
    const wf = workflow(
      [
        ['T', 'test.trigger', { position: [0, 0] }],
        ['Branch', 'test.branch', { position: [100, 0] }],
        ['True1', 'test.set', { position: [200, 300] }],
        ['True2', 'test.set', { position: [300, 300] }],
        ['False1', 'test.set', { position: [200, -100] }],
        ['False2', 'test.set', { position: [300, -100] }],
      ],
      ['T->Branch', 'Branch:0->True1', 'True1->True2', 'Branch:1->False1', 'False1->False2'],
    );
    await engine.run({ workflow: wf, triggerItems: items(true, false) });
    expect(log.order).toEqual(['T', 'Branch', 'False1', 'False2', 'True1', 'True2']);
  });

  it('v0 runs breadth-first in output order', async () => {
    const log = new EventLog();
    const { engine } = testEngine({ events: log.listener });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Branch', 'test.branch'],
        ['True1', 'test.set', { position: [200, 300] }],
        ['True2', 'test.set'],
        ['False1', 'test.set', { position: [200, -100] }],
        ['False2', 'test.set'],
      ],
      ['T->Branch', 'Branch:0->True1', 'True1->True2', 'Branch:1->False1', 'False1->False2'],
      { executionOrder: 'v0' },
    );
    await engine.run({ workflow: wf, triggerItems: items(true, false) });
    expect(log.order).toEqual(['T', 'Branch', 'True1', 'False1', 'True2', 'False2']);
  });

  it('v1 stops a branch whose output has no items', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Branch', 'test.branch'],
        ['Yes', 'test.set'],
        ['No', 'test.set'],
      ],
      ['T->Branch', 'Branch:0->Yes', 'Branch:1->No'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true, true) });
    expect(result.status).toBe('success');
    expect(counter.of('Yes')).toBe(1);
    expect(counter.of('No')).toBe(0);
  });

  it('a multi-input node waits for all inputs and runs once with both', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Branch', 'test.branch'],
        ['A', 'test.set', { parameters: { values: { side: 'a' } } }],
        ['B', 'test.set', { parameters: { values: { side: 'b' } } }],
        ['M', 'test.merge'],
      ],
      ['T->Branch', 'Branch:0->A', 'Branch:1->B', 'A->M:0', 'B->M:1'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true, false) });
    expect(counter.of('M')).toBe(1);
    expect(outputJson(result.runData, 'M')).toEqual([
      { id: 0, flag: true, side: 'a' },
      { id: 1, flag: false, side: 'b' },
    ]);
    expect(result.runData.M?.[0]?.source).toEqual([
      { node: 'A', output: 0, runIndex: 0 },
      { node: 'B', output: 0, runIndex: 0 },
    ]);
  });

  it('releases a waiting node with [] for an input that never arrives, once the stack drains', async () => {
    const log = new EventLog();
    const { engine } = testEngine({ events: log.listener });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Branch', 'test.branch'],
        ['A', 'test.set'],
        ['B', 'test.set'],
        ['M', 'test.merge'],
        ['After', 'test.set'],
      ],
      ['T->Branch', 'Branch:0->A', 'Branch:1->B', 'A->M:0', 'B->M:1', 'T->After'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true) });
    expect(outputJson(result.runData, 'M')).toEqual([{ id: 0, flag: true }]);
    expect(result.runData.M?.[0]?.inputs[1]).toEqual([]);
    expect(log.order.indexOf('M')).toBeGreaterThan(log.order.indexOf('After'));
  });

  it('does not release a waiting node whose required inputs are missing', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Branch', 'test.branch'],
        ['A', 'test.set'],
        ['B', 'test.set'],
        ['M', 'test.merge', { parameters: { requireAll: true } }],
      ],
      ['T->Branch', 'Branch:0->A', 'Branch:1->B', 'A->M:0', 'B->M:1'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true) });
    expect(result.status).toBe('success');
    expect(counter.of('M')).toBe(0);
  });

  it('a single-input node fed by two parents runs once per arriving batch', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set'],
        ['B', 'test.set'],
        ['C', 'test.set'],
      ],
      ['T->A', 'T->B', 'A->C', 'B->C'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.runData.C).toHaveLength(2);
    expect(result.runData.C?.map((run) => run.runIndex)).toEqual([0, 1]);
  });

  it('runs loops through a cycle and delivers every item on done', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Loop', 'test.batches', { parameters: { size: 2 } }],
        ['Body', 'test.set', { parameters: { values: { seen: true } } }],
        ['Done', 'test.set'],
      ],
      ['T->Loop', 'Loop:1->Body', 'Body->Loop', 'Loop:0->Done'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true, false, true, false, true) });
    expect(result.status).toBe('success');
    expect(counter.of('Body')).toBe(3);
    expect(counter.of('Loop')).toBe(4);
    expect(outputJson(result.runData, 'Done')).toHaveLength(5);
    expect(outputJson(result.runData, 'Done').every((json) => (json as { seen?: boolean }).seen)).toBe(true);
    expect(result.state.nodeState).toEqual({});
  });

  it('stops an endless loop at the node-run bound', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set'],
        ['B', 'test.set'],
      ],
      ['T->A', 'A->B', 'B->A'],
      { maxNodeRuns: 25 },
    );
    const result = await engine.run({ workflow: wf });
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('WF_ENDLESS_LOOP');
    expect(result.state.nodeRuns).toBe(26);
  });

  it('passes input through a disabled node without running it', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Off', 'test.set', { disabled: true, parameters: { values: { no: 1 } } }],
        ['After', 'test.set'],
      ],
      ['T->Off', 'Off->After'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: [{ json: { x: 1 } }] });
    expect(counter.of('Off')).toBe(0);
    expect(outputJson(result.runData, 'After')).toEqual([{ x: 1 }]);
  });

  it('uses pinned data instead of running the node, unless pin data is off', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set'],
        ['B', 'test.set'],
      ],
      ['T->A', 'A->B'],
    );
    wf.pinData = { A: [{ json: { pinned: true } }] };
    const pinned = await engine.run({ workflow: wf });
    expect(counter.of('A')).toBe(0);
    expect(pinned.runData.A?.[0]?.pinned).toBe(true);
    expect(outputJson(pinned.runData, 'B')).toEqual([{ pinned: true }]);
    const live = await engine.run({ workflow: wf, usePinData: false });
    expect(counter.of('A')).toBe(1);
    expect(outputJson(live.runData, 'B')).toEqual([{}]);
  });

  it('executeOnce runs the node with the first item only', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Once', 'test.set', { executeOnce: true }],
      ],
      ['T->Once'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true, false, true) });
    expect(outputJson(result.runData, 'Once')).toEqual([{ id: 0, flag: true }]);
  });

  it('alwaysOutputData emits one empty item paired to every input so the branch goes on', async () => {
    const { engine, counter } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Branch', 'test.branch', { alwaysOutputData: true }],
        ['Yes', 'test.set'],
      ],
      ['T->Branch', 'Branch:0->Yes'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(false, false) });
    expect(counter.of('Yes')).toBe(1);
    expect(result.runData.Branch?.[0]?.outputs?.[0]).toEqual([
      { json: {}, pairedItem: [{ item: 0 }, { item: 1 }] },
    ]);
  });

  it('pairs items automatically when a node leaves lineage out', async () => {
    const { engine } = testEngine();
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['U', 'test.unpaired'],
      ],
      ['T->U'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: items(true, false) });
    expect(result.runData.U?.[0]?.outputs?.[0]?.map((item) => item.pairedItem)).toEqual([
      { item: 0 },
      { item: 1 },
    ]);
  });

  it('emits lifecycle events in order', async () => {
    const log = new EventLog();
    const { engine } = testEngine({ events: log.listener });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set'],
      ],
      ['T->A'],
    );
    await engine.run({ workflow: wf, triggerItems: items(true, true) });
    expect(log.events.map((event) => event.type)).toEqual([
      'executionStart',
      'nodeStart',
      'nodeEnd',
      'nodeStart',
      'nodeEnd',
      'executionEnd',
    ]);
    const end = log.events.find((event) => event.type === 'nodeEnd' && event.nodeName === 'A');
    expect(end).toMatchObject({ status: 'success', itemCounts: [2] });
  });

  it('an observer that throws does not change the outcome', async () => {
    const { engine } = testEngine({
      events: () => {
        throw new Error('observer broke');
      },
    });
    const result = await engine.run({ workflow: workflow([['T', 'test.trigger']], []) });
    expect(result.status).toBe('success');
  });
});

describe('v0 forces the input branches of a waiting node', () => {
  const wf = (executionOrder: 'v0' | 'v1') =>
    workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set', { parameters: { values: { from: 'a' } } }],
        ['Root', 'test.set', { parameters: { values: { from: 'root' } } }],
        ['B', 'test.set'],
        ['M', 'test.merge'],
      ],
      ['T->A', 'A->M:0', 'Root->B', 'B->M:1'],
      { executionOrder },
    );

  it('v0 runs the branch that never started, from its top, with one empty item', async () => {
    const { engine, counter } = testEngine();
    const result = await engine.run({ workflow: wf('v0'), triggerItems: [{ json: { x: 1 } }] });
    expect(counter.of('Root')).toBe(1);
    expect(counter.of('B')).toBe(1);
    expect(outputJson(result.runData, 'M')).toEqual([{ x: 1, from: 'a' }, { from: 'root' }]);
    expect(result.runData.M).toHaveLength(1);
  });

  it('v1 releases the waiting node with [] instead', async () => {
    const { engine, counter } = testEngine();
    const result = await engine.run({ workflow: wf('v1'), triggerItems: [{ json: { x: 1 } }] });
    expect(counter.of('Root')).toBe(0);
    expect(outputJson(result.runData, 'M')).toEqual([{ x: 1, from: 'a' }]);
  });
});
