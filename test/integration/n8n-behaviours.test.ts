import { UserError, type Workflow } from '@klikkflow/types';
import { afterAll, describe, expect, it } from 'vitest';
import { build, InstantClock, json, realEngine, sandbox, trigger } from './harness.js';

afterAll(() => sandbox.dispose());

const items = (...values: Record<string, unknown>[]) => values.map((value) => ({ json: value }));

describe('behaviours confirmed by running n8n', () => {
  it('Merge (append) emits input 1 before input 2, whatever order they arrived in', async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Second',
          type: 'core.code',
          parameters: { jsCode: "return [{ from: 'input 2' }]" },
          position: [200, -100],
        },
        {
          name: 'First',
          type: 'core.code',
          parameters: { jsCode: "return [{ from: 'input 1' }]" },
          position: [200, 100],
        },
        { name: 'Merge', type: 'core.merge', parameters: { mode: 'append' }, position: [400, 0] },
      ],
      ['Start->First', 'Start->Second', 'First->Merge:0', 'Second->Merge:1'],
    );
    const result = await realEngine().run({ workflow: wf, triggerItems: items({ a: 1 }) });
    const order = Object.keys(result.runData);
    expect(order.indexOf('Second')).toBeLessThan(order.indexOf('First'));
    expect(result.runData.Merge?.[0]?.source.map((s) => s?.node)).toEqual(['First', 'Second']);
    expect(json(result.runData, 'Merge')).toEqual([{ from: 'input 1' }, { from: 'input 2' }]);
  });

  it('Merge by matching fields compares strictly and lets input 2 win on clashing fields', async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Left',
          type: 'core.code',
          parameters: { jsCode: "return [{ id: 3, side: 'left', l: 1 }, { id: 4, side: 'left' }]" },
        },
        {
          name: 'Right',
          type: 'core.code',
          parameters: { jsCode: "return [{ id: '3', side: 'right' }, { id: 3, side: 'right', r: 1 }]" },
        },
        {
          name: 'Merge',
          type: 'core.merge',
          parameters: { mode: 'combineByFields', fieldsToMatch: [{ field1: 'id', field2: 'id' }] },
        },
      ],
      ['Start->Left', 'Start->Right', 'Left->Merge:0', 'Right->Merge:1'],
    );
    const result = await realEngine().run({ workflow: wf });
    expect(json(result.runData, 'Merge')).toEqual([{ id: 3, side: 'right', l: 1, r: 1 }]);
  });

  it('Merge with three inputs takes a third input port', async () => {
    const wf = build(
      [
        trigger,
        { name: 'A', type: 'core.noOp' },
        { name: 'B', type: 'core.noOp' },
        { name: 'C', type: 'core.noOp' },
        { name: 'Merge', type: 'core.merge', parameters: { mode: 'append', numberInputs: 3 } },
      ],
      ['Start->A', 'Start->B', 'Start->C', 'A->Merge:0', 'B->Merge:1', 'C->Merge:2'],
    );
    const result = await realEngine().run({ workflow: wf, triggerItems: items({ x: 1 }) });
    expect(json(result.runData, 'Merge')).toHaveLength(3);
    expect(result.runData.Merge).toHaveLength(1);
  });

  it('Loop Over Items delivers every processed item once on done, after the last batch', async () => {
    const wf = build(
      [
        trigger,
        { name: 'Loop', type: 'core.splitInBatches', parameters: { batchSize: 2 } },
        {
          name: 'Body',
          type: 'core.set',
          parameters: {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'seen', type: 'boolean', value: true }],
          },
        },
        { name: 'Done', type: 'core.noOp' },
      ],
      ['Start->Loop', 'Loop:1->Body', 'Body->Loop', 'Loop:0->Done'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: items({ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }, { i: 5 }),
    });
    expect(result.status).toBe('success');
    expect(result.runData.Done).toHaveLength(1);
    expect(json(result.runData, 'Done')).toEqual([1, 2, 3, 4, 5].map((i) => ({ i, seen: true })));
    expect(result.runData.Body).toHaveLength(3);
  });

  it('Split Out nests elements under the field name unless no other fields are kept', async () => {
    const data = items({ id: 1, tags: [{ t: 'a' }, { t: 'b' }] });
    const spread = build(
      [trigger, { name: 'Split', type: 'core.splitOut', parameters: { fieldToSplitOut: 'tags' } }],
      ['Start->Split'],
    );
    expect(json((await realEngine().run({ workflow: spread, triggerItems: data })).runData, 'Split')).toEqual(
      [{ t: 'a' }, { t: 'b' }],
    );
    const nested = build(
      [
        trigger,
        {
          name: 'Split',
          type: 'core.splitOut',
          parameters: { fieldToSplitOut: 'tags', include: 'allOtherFields' },
        },
      ],
      ['Start->Split'],
    );
    expect(json((await realEngine().run({ workflow: nested, triggerItems: data })).runData, 'Split')).toEqual(
      [
        { id: 1, tags: { t: 'a' } },
        { id: 1, tags: { t: 'b' } },
      ],
    );
  });

  it('a Code node may return plain objects; they are wrapped as items', async () => {
    const wf = build(
      [
        trigger,
        { name: 'Code', type: 'core.code', parameters: { jsCode: 'return [{ a: 1 }, { json: { b: 2 } }]' } },
      ],
      ['Start->Code'],
    );
    expect(json((await realEngine().run({ workflow: wf })).runData, 'Code')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('Stop and Error fails the execution with its message', async () => {
    const wf = build(
      [trigger, { name: 'Stop', type: 'core.stopAndError', parameters: { errorMessage: 'halt here' } }],
      ['Start->Stop'],
    );
    const result = await realEngine().run({ workflow: wf });
    expect(result.error).toMatchObject({ code: 'NODE_STOPPED', message: 'halt here', nodeName: 'Stop' });
  });
});

describe('sub-workflows and waits with the real nodes', () => {
  const child: Workflow = {
    ...build(
      [
        { name: 'Called', type: 'core.executeWorkflowTrigger' },
        {
          name: 'Work',
          type: 'core.set',
          parameters: {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'child', type: 'number', value: '={{ $json.n * 100 }}' }],
          },
        },
      ],
      ['Called->Work'],
    ),
    id: 'child',
    name: 'Child',
  };
  const workflows = {
    load: async (id: string) => (id === 'child' ? child : Promise.reject(new UserError('WF_NOT_FOUND', id))),
  };

  it('Execute Workflow runs the child once with all items, or once per item', async () => {
    for (const mode of ['once', 'each']) {
      const wf = build(
        [
          trigger,
          {
            name: 'Call',
            type: 'core.executeWorkflow',
            parameters: { source: 'database', workflowId: 'child', mode },
          },
        ],
        ['Start->Call'],
      );
      const result = await realEngine({ workflows }).run({
        workflow: wf,
        triggerItems: items({ n: 1 }, { n: 2 }),
      });
      expect(result.status, mode).toBe('success');
      expect(json(result.runData, 'Call'), mode).toEqual([
        { n: 1, child: 100 },
        { n: 2, child: 200 },
      ]);
    }
  });

  it('a short Wait sleeps on the engine clock; a long one parks the execution until resumed', async () => {
    const clock = new InstantClock();
    const short = build(
      [trigger, { name: 'Wait', type: 'core.wait', parameters: { amount: 30, unit: 'seconds' } }],
      ['Start->Wait'],
    );
    const quick = await realEngine({ clock }).run({ workflow: short });
    expect(quick.status).toBe('success');
    expect(clock.sleeps).toContain(30_000);

    const long = build(
      [
        trigger,
        { name: 'Wait', type: 'core.wait', parameters: { amount: 2, unit: 'hours' } },
        { name: 'After', type: 'core.noOp' },
      ],
      ['Start->Wait', 'Wait->After'],
    );
    const engine = realEngine({ clock });
    const parked = await engine.run({ workflow: long, triggerItems: items({ k: 1 }) });
    expect(parked.status).toBe('waiting');
    expect(parked.waitTill).toBe(clock.now() + 2 * 3_600_000);
    const resumed = await engine.resume(long, parked.state);
    expect(resumed.status).toBe('success');
    expect(json(resumed.runData, 'After')).toEqual([{ k: 1 }]);
  });
});

describe('executeOnce', () => {
  it('runs the node on the first item, while its expressions still see every input item', async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Once',
          type: 'core.set',
          executeOnce: true,
          parameters: {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'total', type: 'number', value: '={{ $input.all().length }}' }],
          },
        },
      ],
      ['Start->Once'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: items({ i: 1 }, { i: 2 }, { i: 3 }),
    });
    expect(json(result.runData, 'Once')).toEqual([{ i: 1, total: 3 }]);
  });
});

describe('paired items through Loop Over Items', () => {
  it("resolves $('Node before the loop').item inside the loop body and after done", async () => {
    const wf = build(
      [
        trigger,
        {
          name: 'Before',
          type: 'core.set',
          parameters: {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'tag', value: '=t{{ $json.i }}' }],
          },
        },
        { name: 'Loop', type: 'core.splitInBatches', parameters: { batchSize: 1 } },
        {
          name: 'Body',
          type: 'core.set',
          parameters: {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'inside', value: "={{ $('Before').item.json.tag }}" }],
          },
        },
        {
          name: 'After',
          type: 'core.set',
          parameters: {
            mode: 'manual',
            include: 'all',
            assignments: [{ name: 'after', value: "={{ $('Before').item.json.tag }}" }],
          },
        },
      ],
      ['Start->Before', 'Before->Loop', 'Loop:1->Body', 'Body->Loop', 'Loop:0->After'],
    );
    const result = await realEngine().run({
      workflow: wf,
      triggerItems: items({ i: 1 }, { i: 2 }, { i: 3 }),
    });
    expect(result.status).toBe('success');
    expect(json(result.runData, 'After')).toEqual(
      [1, 2, 3].map((i) => ({ i, tag: `t${i}`, inside: `t${i}`, after: `t${i}` })),
    );
  });
});
