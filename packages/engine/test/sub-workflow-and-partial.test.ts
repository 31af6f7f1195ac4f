import { UserError, type Workflow } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { outputJson, testEngine, workflow } from './test-kit.js';

const child = (): Workflow => ({
  ...workflow(
    [
      ['Start', 'test.subTrigger'],
      ['Manual', 'test.trigger', { position: [-100, -100] }],
      ['Double', 'test.set', { parameters: { values: { fromChild: true } } }],
    ],
    ['Start->Double'],
  ),
  id: 'child',
  name: 'Child',
});

const loader = (workflows: Record<string, Workflow>) => ({
  load: async (id: string) => {
    const found = workflows[id];
    if (!found) throw new UserError('WF_NOT_FOUND', `no workflow ${id}`);
    return found;
  },
});

describe('sub-workflows', () => {
  it('runs the child from its sub-workflow trigger and returns its last output', async () => {
    const { engine } = testEngine({ workflows: loader({ child: child() }) });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Call', 'test.callSub', { parameters: { workflowId: 'child' } }],
      ],
      ['T->Call'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: [{ json: { n: 1 } }] });
    expect(result.status).toBe('success');
    expect(outputJson(result.runData, 'Call')).toEqual([{ n: 1, fromChild: true }]);
  });

  it('fire-and-forget goes on with its own input', async () => {
    const { engine } = testEngine({ workflows: loader({ child: child() }) });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Call', 'test.callSub', { parameters: { workflowId: 'child', wait: false } }],
      ],
      ['T->Call'],
    );
    const result = await engine.run({ workflow: wf, triggerItems: [{ json: { n: 1 } }] });
    expect(outputJson(result.runData, 'Call')).toEqual([{ n: 1 }]);
  });

  it('fails the caller when the child fails, naming the child', async () => {
    const failing = {
      ...workflow(
        [
          ['Start', 'test.subTrigger'],
          ['F', 'test.flaky', { parameters: { failTimes: 9 } }],
        ],
        ['Start->F'],
      ),
      id: 'bad',
      name: 'Bad child',
    };
    const { engine } = testEngine({ workflows: loader({ bad: failing }) });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Call', 'test.callSub', { parameters: { workflowId: 'bad' } }],
      ],
      ['T->Call'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.error?.code).toBe('NODE_SUBWORKFLOW_FAILED');
    expect(result.error?.message).toContain('Bad child');
  });

  it('stops runaway recursion at the nesting limit', async () => {
    const self: Workflow = {
      ...workflow(
        [
          ['Start', 'test.subTrigger'],
          ['Call', 'test.callSub', { parameters: { workflowId: 'self' } }],
        ],
        ['Start->Call'],
      ),
      id: 'self',
    };
    const { engine } = testEngine({ workflows: loader({ self }) });
    const result = await engine.run({ workflow: self, startNodeId: 'Start' });
    expect(result.status).toBe('error');
    expect(JSON.stringify(result.error)).toContain('NODE_SUBWORKFLOW_TOO_DEEP');
  });

  it('refuses a child whose caller policy is none', async () => {
    const closed = { ...child(), settings: { ...child().settings, callerPolicy: 'none' as const } };
    const { engine } = testEngine({ workflows: loader({ child: closed }) });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['Call', 'test.callSub', { parameters: { workflowId: 'child' } }],
      ],
      ['T->Call'],
    );
    const result = await engine.run({ workflow: wf });
    expect(result.error?.code).toBe('NODE_SUBWORKFLOW_FORBIDDEN');
  });
});

describe('partial execution', () => {
  const wf = () =>
    workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set', { parameters: { values: { a: 1 } } }],
        ['B', 'test.set', { parameters: { values: { b: 2 } } }],
        ['Side', 'test.set'],
      ],
      ['T->A', 'A->B', 'T->Side'],
    );

  it('runs only what leads to the destination node', async () => {
    const { engine, counter } = testEngine();
    const result = await engine.run({ workflow: wf(), runTo: 'A' });
    expect(result.status).toBe('success');
    expect(counter.of('A')).toBe(1);
    expect(counter.of('B')).toBe(0);
    expect(counter.of('Side')).toBe(0);
  });

  it('runs from a node, reusing earlier run data for its parents', async () => {
    const { engine, counter } = testEngine();
    const first = await engine.run({ workflow: wf(), triggerItems: [{ json: { x: 1 } }] });
    const again = await engine.run({ workflow: wf(), runFrom: 'B', previousRunData: first.runData });
    expect(counter.of('A')).toBe(1);
    expect(counter.of('B')).toBe(2);
    expect(counter.of('Side')).toBe(1);
    expect(outputJson(again.runData, 'B')).toEqual([{ x: 1, a: 1, b: 2 }]);
    expect(again.runData.A).toEqual(first.runData.A);
    expect(again.runData.B).toHaveLength(1);
  });

  it('says which parent has no data when running from a node too early', async () => {
    const { engine } = testEngine();
    await expect(engine.run({ workflow: wf(), runFrom: 'B', previousRunData: {} })).rejects.toMatchObject({
      code: 'WF_PARTIAL_MISSING_INPUT',
    });
  });
});

describe('credentials and idempotency keys', () => {
  it('resolves the bound credential when the node asks and gives a stable key per item', async () => {
    const seen: unknown[] = [];
    const { engine } = testEngine({
      credentials: {
        resolve: async (type, ref) => {
          seen.push([type, ref]);
          return { token: 'secret-token' };
        },
      },
    });
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['C', 'test.credentialed', { credentials: { testApi: { id: 'c1', name: 'Main' } } }],
      ],
      ['T->C'],
    );
    const result = await engine.run({
      workflow: wf,
      executionId: 'exec-x',
      triggerItems: [{ json: {} }, { json: {} }],
    });
    expect(seen).toEqual([['testApi', { id: 'c1', name: 'Main' }]]);
    expect(outputJson(result.runData, 'C')).toEqual([
      { tokenLength: 12, key: 'exec-x:C:0:0' },
      { tokenLength: 12, key: 'exec-x:C:0:1' },
    ]);
    expect(JSON.stringify(result.runData)).not.toContain('secret-token');
  });

  it('fails clearly when a node has no credential of the type it needs', async () => {
    const { engine } = testEngine({ credentials: { resolve: async () => ({ token: 'x' }) } });
    const result = await engine.run({
      workflow: workflow(
        [
          ['T', 'test.trigger'],
          ['C', 'test.credentialed'],
        ],
        ['T->C'],
      ),
    });
    expect(result.error?.code).toBe('NODE_CREDENTIAL_MISSING');
  });
});
