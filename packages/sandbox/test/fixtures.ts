import type {
  CodeRunRequest,
  EvaluationOutcome,
  ScriptSandbox,
  TemplateProgram,
  WorkflowDataSnapshot,
} from '@klikkflow/engine';
import type { Item } from '@klikkflow/types';

/** 2024-03-10T12:34:56.000Z: a fixed "now" so date results are exact. */
export const NOW = Date.UTC(2024, 2, 10, 12, 34, 56);

export const LIMITS = { timeoutMs: 2_000, memoryMb: 128 };

/** A snapshot with two input items and two upstream nodes, paired crosswise. */
export function snapshot(overrides: Partial<WorkflowDataSnapshot> = {}): WorkflowDataSnapshot {
  return {
    timezone: 'Europe/Oslo',
    now: NOW,
    execution: {
      id: 'exec-1',
      mode: 'manual',
      resumeUrl: 'http://localhost/webhook-waiting/exec-1',
      customData: { k: 'v' },
    },
    workflow: { id: 'wf-1', name: 'My flow', active: true },
    vars: { region: 'eu' },
    node: { name: 'Set', type: 'core.set', parameters: { field: 'name', nested: { a: 1 } } },
    runIndex: 0,
    prevNode: { name: 'Fetch', outputIndex: 0, runIndex: 1 },
    input: [
      {
        json: { name: 'Ada', n: 1, tags: ['a', 'b'] },
        binary: { file: { id: 'blob-1', mimeType: 'text/plain' } },
      },
      { json: { name: 'Bob', n: 2, tags: [] } },
    ],
    nodes: {
      Fetch: {
        runs: [
          [[{ json: { id: 'old' } }]],
          [[{ json: { id: 'f0' } }, { json: { id: 'f1' } }], [{ json: { id: 'other-branch' } }]],
        ],
        parameters: { url: 'https://example.com' },
      },
      Trigger: { runs: [[[{ json: { started: true } }]]], parameters: {} },
      Idle: { runs: [], parameters: { x: 1 } },
    },
    paired: {
      Fetch: [
        { runIndex: 1, output: 0, item: 1 },
        { runIndex: 1, output: 0, item: 0 },
      ],
      Idle: [null, null],
    },
    ...overrides,
  };
}

/** Program of a single `{{ code }}`: returns the raw value. */
export function single(code: string): TemplateProgram {
  return { parts: [{ code }] };
}

/** Evaluates one program for one item and returns its outcome. */
export async function evaluate(
  sandbox: ScriptSandbox,
  code: string,
  itemIndex = 0,
  data: WorkflowDataSnapshot = snapshot(),
  limits = LIMITS,
): Promise<EvaluationOutcome> {
  const result = await sandbox.evaluateExpressions({
    programs: [single(code)],
    jobs: [[0, itemIndex]],
    data,
    limits,
  });
  return result.results[0] as EvaluationOutcome;
}

/** Evaluates one program and returns its value, failing the test on an error outcome. */
export async function value(
  sandbox: ScriptSandbox,
  code: string,
  itemIndex = 0,
  data?: WorkflowDataSnapshot,
) {
  const outcome = await evaluate(sandbox, code, itemIndex, data);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

/** Runs a Code node body. */
export function runCode(
  sandbox: ScriptSandbox,
  code: string,
  mode: CodeRunRequest['mode'] = 'runOnceForAllItems',
  data: WorkflowDataSnapshot = snapshot(),
  limits = LIMITS,
) {
  return sandbox.runCode({ code, mode, data, limits });
}

/** `count` input items `{ i }`. */
export function manyItems(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}

/** The error message of a failed outcome ('' for a success). */
export function errorOf(outcome: EvaluationOutcome): { code: string; message: string } {
  return outcome.ok ? { code: '', message: '' } : outcome.error;
}
