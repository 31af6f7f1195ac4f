import type { WorkflowDataSnapshot } from '@klikkflow/engine';
import { jsonOf, type NodeHelpers, runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { deserializeError, type Item } from '@klikkflow/types';
import { afterAll, describe, expect, it } from 'vitest';
import { codeNode } from './code.node.js';

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
