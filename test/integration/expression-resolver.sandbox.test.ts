import {
  buildSnapshot,
  codeParts,
  compileFastPath,
  type ExpressionScope,
  evaluateExpression,
  FAST_PATH_MISS,
  parseTemplate,
  resolveParameters,
  type ScriptSandbox,
} from '@klikkflow/engine';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import type { AppError, Item, NodeRun, Workflow, WorkflowNode } from '@klikkflow/types';
import { afterAll, describe, expect, it } from 'vitest';

// The real isolated-vm sandbox: these tests prove the host and the sandbox agree.
const sandbox: ScriptSandbox = createIsolatedVmSandbox({ memoryMb: 64 });
afterAll(() => sandbox.dispose());

const node = (id: string, name: string): WorkflowNode => ({
  id,
  name,
  type: 'core.noOp',
  version: 1,
  position: [0, 0],
  parameters: { label: `${name} params` },
});
const nodes = [node('t', 'Trigger'), node('s', 'Split'), node('c', 'Current')];
const triggerOut: Item[] = [{ json: { order: 'A-1' } }, { json: { order: 'B-2' } }];
const splitOut: Item[] = [
  { json: { sku: 'x', qty: 2 }, pairedItem: { item: 1 } },
  { json: { sku: 'y', qty: 0 }, pairedItem: { item: 0 } },
  { json: { sku: 'z' }, pairedItem: { item: 1 } },
];

function run(inputs: Item[][], outputs: Item[][], source: NodeRun['source']): NodeRun {
  return { runIndex: 0, status: 'success', startedAt: 0, durationMs: 0, source, inputs, outputs };
}

function scope(inputs: Item[][] = [splitOut], timeoutMs = 1_000): ExpressionScope {
  const workflow: Workflow = {
    schemaVersion: 1,
    id: 'wf-9',
    name: 'Orders',
    nodes,
    connections: [],
    settings: { executionOrder: 'v1', timezone: 'UTC' },
  };
  return {
    workflow,
    executionId: 'ex-9',
    mode: 'manual',
    runData: {
      t: [run([], [triggerOut], [])],
      s: [run([triggerOut], [inputs[0] ?? []], [{ node: 't', output: 0, runIndex: 0 }])],
    },
    node: nodes[2] as WorkflowNode,
    runIndex: 0,
    inputs,
    source: [{ node: 's', output: 0, runIndex: 0 }],
    now: Date.UTC(2024, 0, 2, 3, 4, 5),
    variables: { region: 'eu' },
    limits: { timeoutMs, memoryMb: 64 },
  };
}

async function rejection(action: () => unknown): Promise<AppError> {
  try {
    await action();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a throw');
}

describe('resolveParameters with the isolated-vm sandbox', () => {
  it('resolves host and sandbox expressions for every item', async () => {
    const parameters = {
      sku: '={{ $json.sku }}',
      order: "={{ $('Trigger').item.json.order }}",
      label: '=#{{ $itemIndex }} {{ $json.sku.toUpperCase() }} x{{ $json.qty ?? 1 }}',
      meta: { workflow: '={{ $workflow.name }}', region: '={{ $vars.region }}', year: '={{ $now.year }}' },
      params: "={{ $('Split').params.label }}",
    };
    const resolved = await resolveParameters(sandbox, scope(), parameters, 3);
    expect([0, 1, 2].map((item) => resolved.all(item))).toEqual([
      { ...expected('x', 'B-2', '#0 X x2'), params: 'Split params' },
      { ...expected('y', 'A-1', '#1 Y x0'), params: 'Split params' },
      { ...expected('z', 'B-2', '#2 Z x1'), params: 'Split params' },
    ]);
  });

  it('attributes throws, syntax errors and timeouts to their item and parameter', async () => {
    const parameters = {
      fine: '={{ $json.sku }}',
      nested: { bad: '={{ $json.qty.toFixed(1) }}' },
      syntax: '={{ $json.( }}',
    };
    const resolved = await resolveParameters(sandbox, scope(), parameters, 3);
    expect(resolved.get('nested.bad', 0)).toBe('2.0');
    const thrown = await rejection(() => resolved.get('nested.bad', 2));
    expect(thrown.code).toBe('EXPR_ERROR');
    expect(thrown.message).toMatch(
      /^Expression in parameter "nested\.bad" of node "Current" \(item 2\) failed: .*toFixed/,
    );
    expect(thrown.details).toMatchObject({ node: 'Current', parameter: 'nested.bad', itemIndex: 2 });
    expect((await rejection(() => resolved.get('syntax', 1))).code).toBe('EXPR_SYNTAX');
    expect(resolved.get('fine', 2)).toBe('z');

    const slow = await resolveParameters(
      sandbox,
      scope([splitOut], 200),
      { fine: '={{ $json.sku }}', loop: '={{ (() => { while (true) {} })() }}' },
      2,
    );
    const timeout = await rejection(() => slow.get('loop', 1));
    expect(timeout.code).toBe('EXPR_TIMEOUT');
    expect(timeout.details).toMatchObject({ parameter: 'loop', itemIndex: 1 });
    expect(slow.get('fine', 1)).toBe('y');
  });

  it('evaluates on demand with extras', async () => {
    const value = await evaluateExpression(sandbox, scope(), '={{ $response.next + "/" + $pageCount }}', 0, {
      response: { next: 'page-2' },
      pageCount: 2,
    });
    expect(value).toBe('page-2/2');
  });
});

function expected(sku: string, order: string, label: string) {
  return { sku, order, label, meta: { workflow: 'Orders', region: 'eu', year: 2024 } };
}

describe('fast path and sandbox agree', () => {
  const differentialItems: Item[] = [
    {
      json: {
        s: 'text',
        n: 42.5,
        zero: 0,
        neg: -0,
        big: 1e21,
        t: true,
        f: false,
        nil: null,
        empty: '',
        obj: { a: { b: [1, 2] }, 'x y': 'spaced' },
        arr: [1, null, 'two', [3, [4, null]], { k: 1 }, true],
        emptyArr: [],
        unicode: 'ø😀',
      },
      binary: { data: { id: 'blob', mimeType: 'image/png', fileName: 'p.png' } },
    },
    { json: { s: 'other', obj: { a: null }, arr: [], n: Number.NaN } },
    { json: {} },
  ];
  const templates = [
    '={{ $json.s }}',
    '={{ $json.n }}',
    '={{ $json.neg }}',
    '={{ $json.obj }}',
    '={{ $json.obj.a.b[1] }}',
    '={{ $json.obj["x y"] }}',
    '={{ $json.obj?.a?.b }}',
    '={{ $json.arr }}',
    '={{ $json.arr[3][1] }}',
    '={{ $json.arr.length }}',
    '={{ $json.missing }}',
    '={{ $json }}',
    '={{ $binary.data.fileName }}',
    '={{ $input.item.json.t }}',
    '=s={{ $json.s }} n={{ $json.n }} z={{ $json.zero }} neg={{ $json.neg }} big={{ $json.big }}',
    '=t={{ $json.t }} f={{ $json.f }} nil={{ $json.nil }} e={{ $json.empty }} m={{ $json.missing }}',
    '=o={{ $json.obj }} a={{ $json.arr }} ea={{ $json.emptyArr }} ab={{ $json.obj.a.b }}',
    '=u={{ $json.unicode }} j={{ $json }} b={{ $binary.data }}',
    '={{ $json.s }}{{ $json.n }}',
    '=plain text',
    '=',
  ];

  it('gives identical results for fast-pathable templates', async () => {
    const context = scope([differentialItems]);
    const programs = templates.map((template) => parseTemplate(template));
    const jobs: [number, number][] = programs.flatMap((_, program) =>
      differentialItems.map((__, item): [number, number] => [program, item]),
    );
    const data = buildSnapshot(context, programs.flatMap(codeParts));
    const { results } = await sandbox.evaluateExpressions({ programs, jobs, data, limits: context.limits });
    let compared = 0;
    jobs.forEach(([program, item], index) => {
      const evaluator = compileFastPath(programs[program] as never);
      expect(evaluator, templates[program]).not.toBeNull();
      const host = evaluator?.(differentialItems[item]);
      if (host === FAST_PATH_MISS) return;
      const outcome = results[index];
      expect(outcome?.ok, `${templates[program]} item ${item}`).toBe(true);
      const sandboxValue = outcome?.ok ? outcome.value : undefined;
      if (typeof host === 'object' && host !== null) {
        // Raw objects are the item's own data: equal once carried as JSON, like the sandbox's copy (-0, NaN).
        expect(JSON.parse(JSON.stringify(host)), `${templates[program]} item ${item}`).toEqual(sandboxValue);
      } else {
        expect(host, `${templates[program]} item ${item}`).toBe(sandboxValue);
      }
      compared++;
    });
    // The 15 misses are the items without binary data, the NaN, and steps through undefined (a throw).
    expect(compared).toBeGreaterThanOrEqual(jobs.length - 15);
  });
});
