import { buildSnapshot, type ExpressionScope, type ScriptSandbox } from '@klikkflow/engine';
import type { NodeHelpers } from '@klikkflow/plugin-sdk';
import { deserializeError, type Item } from '@klikkflow/types';
import { chainWorkflow } from './test-engine.js';

/** Bounds for the code and the snapshot it reads: generous for a test, small enough to stop a runaway loop. */
const limits = { timeoutMs: 5_000, memoryMb: 64 };

/**
 * `helpers.runCode` backed by a real sandbox, as the engine provides it to a Code node that runs alone on
 * `items`: the engine's own snapshot builder makes the workflow data the code reads.
 */
export function sandboxRunCode(sandbox: ScriptSandbox, items: Item[]): NodeHelpers['runCode'] {
  const workflow = chainWorkflow('code-test', [{ name: 'Code', type: 'core.code', parameters: {} }]);
  const scope: ExpressionScope = {
    workflow,
    executionId: 'test-execution',
    mode: 'manual',
    runData: {},
    node: workflow.nodes[0]!,
    runIndex: 0,
    inputs: [items],
    source: [null],
    now: Date.now(),
    variables: {},
    limits,
  };
  return async (code, mode) => {
    const outcome = await sandbox.runCode({ code, mode, data: buildSnapshot(scope, [code]), limits });
    if (!outcome.ok) throw deserializeError(outcome.error);
    return { items: outcome.items, logs: outcome.logs };
  };
}
