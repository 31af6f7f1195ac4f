import type { Item, NodeRun, RunSource, Workflow, WorkflowNode } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import type { ExpressionScope } from './expression-scope.js';
import { buildSnapshot, connectionInput, connectionInputIndex } from './snapshot-builder.js';

const node = (id: string, name: string, parameters: Record<string, unknown> = {}): WorkflowNode => ({
  id,
  name,
  type: 'core.noOp',
  version: 1,
  position: [0, 0],
  parameters,
});
const from = (id: string, output = 0, runIndex = 0): RunSource => ({ node: id, output, runIndex });
const run = (inputs: Item[][], source: (RunSource | null)[], outputs: Item[][] | null): NodeRun => ({
  runIndex: 0,
  status: outputs ? 'success' : 'error',
  startedAt: 0,
  durationMs: 0,
  source,
  inputs,
  outputs,
});

const triggerOut: Item[] = [{ json: { t: 0 } }, { json: { t: 1 } }];
const splitOut: Item[] = [
  { json: { s: 0 }, pairedItem: { item: 1 } },
  { json: { s: 1 }, pairedItem: { item: 0 }, binary: { file: { id: 'b1', mimeType: 'text/plain' } } },
  { json: { s: 2 }, pairedItem: { item: 0 }, error: 'boom' },
];
const nodes = [
  node('t', 'Trigger'),
  node('s', 'Split', { field: 'list' }),
  node('o', 'Other'),
  node('f', 'Failed'),
  node('p', '__proto__'),
  node('c', 'Current', { url: '={{ $json.s }}' }),
];

function scope(overrides: Partial<ExpressionScope> = {}, order: 'v0' | 'v1' = 'v1'): ExpressionScope {
  const workflow: Workflow = {
    schemaVersion: 1,
    id: 'wf-1',
    name: 'Snapshot test',
    nodes,
    connections: [],
    settings: { executionOrder: order, timezone: 'Europe/Oslo' },
  };
  return {
    workflow,
    executionId: 'ex-1',
    mode: 'manual',
    runData: {
      t: [run([], [], [triggerOut])],
      s: [run([triggerOut], [from('t')], [splitOut])],
      f: [run([triggerOut], [from('t')], null)],
      p: [run([], [], [[{ json: { proto: true } }]])],
    },
    node: nodes[5] as WorkflowNode,
    runIndex: 2,
    inputs: [splitOut],
    source: [from('s')],
    now: 1_700_000_000_000,
    variables: { region: 'eu' },
    limits: { timeoutMs: 1000, memoryMb: 64 },
    ...overrides,
  };
}

describe('connectionInputIndex', () => {
  it('uses input 0 unless it is empty under v1 order', () => {
    expect(connectionInputIndex(scope())).toBe(0);
    expect(connectionInputIndex(scope({ inputs: [[], triggerOut] }))).toBe(1);
    expect(connectionInputIndex(scope({ inputs: [[], triggerOut] }, 'v0'))).toBe(0);
    expect(connectionInputIndex(scope({ inputs: [[], []] }))).toBe(0);
    expect(connectionInputIndex(scope({ inputs: [] }))).toBe(0);
    expect(connectionInput(scope({ inputs: [[], triggerOut] }))).toBe(triggerOut);
    expect(connectionInput(scope({ inputs: [] }))).toEqual([]);
  });
});

describe('buildSnapshot', () => {
  it('describes the execution, workflow and node', () => {
    const snapshot = buildSnapshot(scope(), []);
    expect(snapshot).toMatchObject({
      timezone: 'Europe/Oslo',
      now: 1_700_000_000_000,
      execution: { id: 'ex-1', mode: 'manual' },
      workflow: { id: 'wf-1', name: 'Snapshot test', active: false },
      vars: { region: 'eu' },
      node: { name: 'Current', type: 'core.noOp', parameters: { url: '={{ $json.s }}' } },
      runIndex: 2,
      prevNode: { name: 'Split', outputIndex: 0, runIndex: 0 },
    });
    expect(snapshot.nodes).toEqual({});
    expect(snapshot.paired).toEqual({});
    expect('extras' in snapshot).toBe(false);
    expect(buildSnapshot(scope(), [], { pageCount: 3 }).extras).toEqual({ pageCount: 3 });
  });

  it('sends only json and binary of the connection input items', () => {
    const { input } = buildSnapshot(scope(), []);
    expect(input).toEqual([
      { json: { s: 0 } },
      { json: { s: 1 }, binary: { file: { id: 'b1', mimeType: 'text/plain' } } },
      { json: { s: 2 } },
    ]);
    expect(input[0]?.json).toBe(splitOut[0]?.json);
    // Stripped once per array; arrays of bare items are sent as they are.
    expect(buildSnapshot(scope(), []).input).toBe(input);
    expect(buildSnapshot(scope({ inputs: [triggerOut] }), []).input).toBe(triggerOut);
    const mixed: Item[] = [{ json: { a: 1 } }, { json: { a: 2 }, pairedItem: { item: 0 } }];
    expect(buildSnapshot(scope({ inputs: [mixed] }), []).input).toEqual([
      { json: { a: 1 } },
      { json: { a: 2 } },
    ]);
  });

  it('uses the connection input and its source', () => {
    const snapshot = buildSnapshot(scope({ inputs: [[], triggerOut], source: [null, from('t')] }), []);
    expect(snapshot.input).toBe(triggerOut);
    expect(snapshot.prevNode).toEqual({ name: 'Trigger', outputIndex: 0, runIndex: 0 });
    expect(buildSnapshot(scope({ source: [] }), []).prevNode).toBeNull();
    expect(buildSnapshot(scope({ source: [from('gone', 1, 3)] }), []).prevNode).toEqual({
      name: 'gone',
      outputIndex: 1,
      runIndex: 3,
    });
  });

  it('includes referenced nodes with their runs, parameters and paired pointers', () => {
    const snapshot = buildSnapshot(scope(), [" $('Trigger').item.json.t ", '$node["Split"].parameter.field']);
    expect(Object.keys(snapshot.nodes).sort()).toEqual(['Split', 'Trigger']);
    expect(snapshot.nodes.Trigger).toEqual({ runs: [[triggerOut]], parameters: {} });
    expect(snapshot.nodes.Split?.parameters).toEqual({ field: 'list' });
    expect(snapshot.nodes.Split?.runs[0]?.[0]?.[0]).toEqual({ json: { s: 0 } });
    expect(snapshot.paired.Trigger).toEqual([
      { runIndex: 0, output: 0, item: 1 },
      { runIndex: 0, output: 0, item: 0 },
      { runIndex: 0, output: 0, item: 0 },
    ]);
    expect(snapshot.paired.Split).toEqual([0, 1, 2].map((item) => ({ runIndex: 0, output: 0, item })));
  });

  it('includes unknown-to-run and failed nodes without runs, and skips unknown names', () => {
    const snapshot = buildSnapshot(scope(), ["$('Other').isExecuted", "$('Failed').all()", "$('Nope').item"]);
    expect(snapshot.nodes.Other).toEqual({ runs: [], parameters: {} });
    expect(snapshot.nodes.Failed).toEqual({ runs: [[]], parameters: {} });
    expect(snapshot.paired.Other).toEqual([null, null, null]);
    expect('Nope' in snapshot.nodes).toBe(false);
  });

  it('includes every node when a reference is dynamic', () => {
    const snapshot = buildSnapshot(scope(), ['$(name).item']);
    expect(Object.keys(snapshot.nodes).sort()).toEqual([
      'Current',
      'Failed',
      'Other',
      'Split',
      'Trigger',
      '__proto__',
    ]);
  });

  it('keeps a node called __proto__ as an ordinary key', () => {
    const snapshot = buildSnapshot(scope(), ["$('__proto__').first()"]);
    expect(Object.hasOwn(snapshot.nodes, '__proto__')).toBe(true);
    const key = '__proto__';
    expect(snapshot.nodes[key]?.runs).toEqual([[[{ json: { proto: true } }]]]);
    expect(JSON.stringify(snapshot.nodes)).toContain('"__proto__":{"runs":');
  });
});
