import { createEngine, createNodeRegistry, type WorkflowDataSnapshot } from '@klikkflow/engine';
import { jsonOf, type NodeHelpers, runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { deserializeError, type Item, type WorkflowInput, workflowSchema } from '@klikkflow/types';
import { afterAll, describe, expect, it } from 'vitest';
import { codeNode } from './code.node.js';
import { manualTriggerNode } from './manual-trigger.node.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

/** The workflow data a Code node sees when it runs alone on `items`. */
function snapshot(items: Item[]): WorkflowDataSnapshot {
  return {
    timezone: 'UTC',
    now: Date.now(),
    execution: { id: 'test-execution', mode: 'manual' },
    workflow: { id: 'test-workflow', name: 'Test workflow', active: false },
    vars: {},
    node: { name: 'Code', type: 'core.code', parameters: {} },
    runIndex: 0,
    prevNode: null,
    input: items,
    nodes: {},
    paired: {},
  };
}

/** `helpers.runCode` backed by the real isolated-vm sandbox, as the engine provides it. */
function sandboxRunCode(items: Item[]): NodeHelpers['runCode'] {
  return async (code, mode, options) => {
    const outcome = await sandbox.runCode({
      code,
      mode,
      data: snapshot(items),
      limits: { timeoutMs: 5_000, memoryMb: 64 },
      ...(options?.continueOnFail && { continueOnFail: true }),
    });
    if (!outcome.ok) throw deserializeError(outcome.error);
    return { items: outcome.items, logs: outcome.logs };
  };
}

const run = (
  jsCode: string,
  parameters: Record<string, unknown> = {},
  values: unknown[] = [{ n: 1 }, { n: 2 }],
  continueOnFail = false,
) => {
  const items = toItems(values);
  return runNode(codeNode, {
    items,
    parameters: { jsCode, ...parameters },
    helpers: { runCode: sandboxRunCode(items) },
    continueOnFail,
  });
};

/** Throws for odd `n` on line 2, returns the item marked otherwise. */
const rejectOdd = `if ($json.n % 2 === 1)
  throw new Error('odd ' + $json.n);
return { json: { ...$json, even: true } };`;

describe('core.code', () => {
  it('runs once for all items by default', async () => {
    const { outputs } = await run(
      'return $input.all().map((item) => ({ json: { doubled: item.json.n * 2 } }));',
    );
    expect(jsonOf(outputs[0])).toEqual([{ doubled: 2 }, { doubled: 4 }]);
  });

  it('wraps plain returned objects as items', async () => {
    const { outputs } = await run('return [{ a: 1 }, { b: 2 }];');
    expect(outputs[0]).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }]);
  });

  it('runs once for each item with $json', async () => {
    const { outputs } = await run('return { json: { next: $json.n + 1 } };', { mode: 'runOnceForEachItem' });
    expect(jsonOf(outputs[0])).toEqual([{ next: 2 }, { next: 3 }]);
  });

  it('runs the default sample code', async () => {
    const { outputs } = await runNode(codeNode, {
      items: [{ n: 1 }],
      helpers: { runCode: sandboxRunCode(toItems([{ n: 1 }])) },
    });
    expect(jsonOf(outputs[0])).toEqual([{ n: 1, myNewField: 1 }]);
  });

  it('writes console output to the node log', async () => {
    const { logs } = await run('console.log("hello", { a: 1 }); return [];');
    expect(logs).toEqual(['[info] hello {"a":1}']);
  });

  it('fails with the sandbox error code when the code throws', async () => {
    const items = toItems([{}]);
    const error = await runNodeExpectingError(codeNode, {
      items,
      parameters: { jsCode: 'throw new Error("boom");' },
      helpers: { runCode: sandboxRunCode(items) },
    });
    expect(error.code).toBe('CODE_ERROR');
    expect(error.message).toContain('boom');
  });

  describe('when the node continues on failure', () => {
    const values = [{ n: 1 }, { n: 2 }, { n: 3 }];

    it('each item: a failed item becomes its error item, paired to it, and the others still run', async () => {
      const { outputs } = await run(rejectOdd, { mode: 'runOnceForEachItem' }, values, true);
      expect(outputs[0]).toEqual([
        { json: { error: 'odd 1 [line 2]' }, pairedItem: { item: 0 } },
        { json: { n: 2, even: true }, pairedItem: { item: 1 } },
        { json: { error: 'odd 3 [line 2]' }, pairedItem: { item: 2 } },
      ]);
    });

    it('all items: a throw becomes one error item', async () => {
      const { outputs } = await run('const a = 1;\nthrow new Error("all failed");', {}, values, true);
      expect(outputs[0]).toEqual([{ json: { error: 'all failed [line 2]' } }]);
    });

    it('still fails on a syntax error (the engine then applies onError)', async () => {
      const items = toItems(values);
      const error = await runNodeExpectingError(codeNode, {
        items,
        parameters: { jsCode: 'return [;' },
        helpers: { runCode: sandboxRunCode(items) },
        continueOnFail: true,
      });
      expect(error.code).toBe('CODE_SYNTAX');
    });

    it('without the flag, the first failing item fails the node', async () => {
      const items = toItems(values);
      const error = await runNodeExpectingError(codeNode, {
        items,
        parameters: { jsCode: rejectOdd, mode: 'runOnceForEachItem' },
        helpers: { runCode: sandboxRunCode(items) },
      });
      expect(error).toMatchObject({ code: 'CODE_ERROR', message: 'odd 1 [line 2]' });
    });
  });

  it('refuses Python with NODE_UNSUPPORTED', async () => {
    const error = await runNodeExpectingError(codeNode, {
      parameters: { language: 'python', pythonCode: 'return []' },
    });
    expect(error).toMatchObject({
      code: 'NODE_UNSUPPORTED',
      message: 'the Code node runs JavaScript only, not python',
    });
  });

  it('rejects an unknown mode and code that is not text', async () => {
    expect((await runNodeExpectingError(codeNode, { parameters: { mode: 'sometimes' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
    expect((await runNodeExpectingError(codeNode, { parameters: { jsCode: 42 } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });
});

describe('core.code in the engine', () => {
  const engine = createEngine({
    registry: createNodeRegistry([manualTriggerNode, codeNode]),
    ports: { sandbox },
  });

  /** A Code node of a chain: its name, code, mode and node settings. */
  type CodeStep = { name: string; jsCode: string; mode?: string } & Partial<WorkflowInput['nodes'][number]>;

  /** Runs a manual trigger followed by the Code nodes in order, on items `{ n }` 1, 2, 3. */
  async function runChain(...steps: CodeStep[]) {
    const nodes = [
      { id: 'Trigger', name: 'Trigger', type: 'core.manualTrigger', version: 1, position: [0, 0] },
      ...steps.map(({ name, jsCode, mode, ...settings }, index) => ({
        id: name,
        name,
        type: 'core.code',
        version: 1,
        position: [(index + 1) * 200, 0],
        parameters: { jsCode, ...(mode && { mode }) },
        ...settings,
      })),
    ];
    const workflow = workflowSchema.parse({
      schemaVersion: 1,
      id: 'code-chain',
      name: 'Code chain',
      nodes,
      connections: nodes.slice(1).map((node, index) => ({
        from: { node: nodes[index]!.id },
        to: { node: node.id },
      })),
    });
    const result = await engine.run({
      workflow,
      mode: 'manual',
      triggerItems: toItems([{ n: 1 }, { n: 2 }, { n: 3 }]),
    });
    const output = (name: string) =>
      (result.runData[name]?.at(-1)?.outputs?.[0] ?? []).map((item) => item.json);
    return { result, output };
  }

  it('with executeOnce, "all items" code gets the first item only as items and $input', async () => {
    const { output } = await runChain({
      name: 'All Once',
      executeOnce: true,
      jsCode: 'return [{ items: items.length, all: $input.all().length, last: $input.last().json.n }];',
    });
    expect(output('All Once')).toEqual([{ items: 1, all: 1, last: 1 }]);
  });

  it('with executeOnce, "each item" code runs for the first item only', async () => {
    const { output } = await runChain({
      name: 'Each Once',
      executeOnce: true,
      mode: 'runOnceForEachItem',
      jsCode: 'return { n: $json.n, index: $itemIndex };',
    });
    expect(output('Each Once')).toEqual([{ n: 1, index: 0 }]);
  });

  it('custom data a Code node sets is saved with the execution and read by later nodes', async () => {
    const { result, output } = await runChain(
      {
        name: 'Save',
        jsCode: "$execution.customData.set('order', 'o-' + $input.first().json.n);\nreturn $input.all();",
      },
      { name: 'Read', jsCode: "return [{ order: $execution.customData.get('order') }];" },
    );
    expect(output('Read')).toEqual([{ order: 'o-1' }]);
    expect(result.state.customData).toEqual({ order: 'o-1' });
  });

  it('a retried Code node reads what its failed tries set', async () => {
    const { result, output } = await runChain({
      name: 'Count Tries',
      retry: { maxTries: 3, waitMs: 0, retryOn: 'all' },
      jsCode: `const tries = Number($execution.customData.get('tries') ?? 0) + 1;
$execution.customData.set('tries', String(tries));
if (tries < 3) throw new Error('try ' + tries);
return [{ tries }];`,
    });
    expect(result.status).toBe('success');
    expect(output('Count Tries')).toEqual([{ tries: 3 }]);
    expect(result.state.customData).toEqual({ tries: '3' });
  });
});
