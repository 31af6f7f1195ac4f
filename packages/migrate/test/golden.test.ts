import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ImportedRun, runN8n } from './run-imported.js';

/**
 * Golden tests: small n8n workflow files (`golden/*.n8n.json`, in n8n's export format) run through the
 * importer, the real engine, nodes and sandbox. Every expected output is what n8n itself produces, worked out
 * from n8n's engine and node sources and the behaviours confirmed by running n8n 2.8.4
 * (shared/reference/n8n-format.md §4).
 */

interface N8nFile {
  nodes: Array<{ name: string } & Record<string, unknown>>;
  [key: string]: unknown;
}

const TRIGGER = 'When clicking ‘Execute workflow’';

/** A golden n8n workflow file, parsed. */
function golden(name: string): N8nFile {
  return JSON.parse(readFileSync(new URL(`./golden/${name}.n8n.json`, import.meta.url), 'utf8')) as N8nFile;
}

/** A copy of a golden workflow with some node settings of one node replaced (e.g. fewer tries). */
function withNodeSettings(file: N8nFile, nodeName: string, settings: Record<string, unknown>): N8nFile {
  const copy = structuredClone(file);
  const node = copy.nodes.find((candidate) => candidate.name === nodeName);
  if (!node) throw new Error(`no node "${nodeName}" in ${String(file.name)}`);
  Object.assign(node, settings);
  return copy;
}

function expectSuccess(run: ImportedRun): void {
  // The message first: a failed run then reports why, not just its status.
  expect(run.result.error?.message).toBeUndefined();
  expect(run.result.status).toBe('success');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An error message of an n8n Code node: what the code threw plus the line it threw on. n8n 2.x writes
 * `[line N]`; older versions wrote `[line N, for item I]` in "run once for each item" mode.
 */
function codeError(thrown: string, line: number) {
  return expect.stringMatching(new RegExp(`^${escapeRegExp(thrown)} \\[line ${line}(, for item \\d+)?\\]$`));
}

describe('golden: execution order', () => {
  // An IF whose true output (0) leads to the lower branch and whose false output (1) to the upper one.
  it('v1 runs the topmost branch to completion first, whatever its output index', async () => {
    const run = await runN8n(golden('execution-order-v1'));
    expectSuccess(run);
    expect(run.order()).toEqual([TRIGGER, 'Two Items', 'n > 1?', 'False 1', 'False 2', 'True 1', 'True 2']);
    expect(run.output('True 2')).toEqual([{ n: 2 }]);
    expect(run.output('False 2')).toEqual([{ n: 1 }]);
  });

  it('v0 (no executionOrder) runs breadth-first in output-index order', async () => {
    const run = await runN8n(golden('execution-order-v0'));
    expectSuccess(run);
    expect(run.order()).toEqual([TRIGGER, 'Two Items', 'n > 1?', 'True 1', 'False 1', 'True 2', 'False 2']);
    expect(run.output('True 2')).toEqual([{ n: 2 }]);
    expect(run.output('False 2')).toEqual([{ n: 1 }]);
  });

  it('v0: a Merge waits for both inputs and runs a parent the trigger does not reach, with one empty item', async () => {
    const run = await runN8n(golden('merge-wait-v0'));
    expectSuccess(run);
    expect(run.order()).toEqual([TRIGGER, 'From Trigger', 'Unconnected Source', 'Merge']);
    expect(run.output('Merge')).toEqual([{ from: 'trigger branch' }, { from: 'unconnected source' }]);
  });

  it('v1: the same Merge runs with the input that arrived and the unconnected parent never runs', async () => {
    const run = await runN8n(golden('merge-wait-v1'));
    expectSuccess(run);
    expect(run.runs('Unconnected Source')).toBe(0);
    expect(run.order()).toEqual([TRIGGER, 'From Trigger', 'Merge']);
    expect(run.output('Merge')).toEqual([{ from: 'trigger branch' }]);
  });
});

describe('golden: Merge (v3)', () => {
  it('append: input 1 items before input 2 items, although input 2 arrived first', async () => {
    const run = await runN8n(golden('merge-append'));
    expectSuccess(run);
    expect(run.order()).toEqual([TRIGGER, 'Input 2 Data', 'Input 1 Data', 'Append']);
    expect(run.output('Append')).toEqual([
      { src: 'input 1', i: 1 },
      { src: 'input 1', i: 2 },
      { src: 'input 2', i: 1 },
    ]);
  });

  it('combine by matching fields: strict comparison, input 2 wins clashes, input 1 order with its matches', async () => {
    const run = await runN8n(golden('merge-combine-by-fields'));
    expectSuccess(run);
    // id 3 does not match the string "3"; id 4 has no match; id 1 has two matches, in input 2's order.
    expect(run.output('Match on id')).toEqual([
      { id: 1, name: 'one', source: 'input 2', extra: 'a' },
      { id: 1, name: 'one', source: 'input 2 again' },
      { id: 2, name: 'two', source: 'input 2', extra: 'b' },
    ]);
  });

  it('combine by position: unpaired items dropped unless includeUnpaired; input 2 wins clashes', async () => {
    const run = await runN8n(golden('merge-combine-by-position'));
    expectSuccess(run);
    const paired = [
      { a: 1, b: 1, clash: 'input 2' },
      { a: 2, b: 2, clash: 'input 2' },
    ];
    expect(run.output('By Position')).toEqual(paired);
    expect(run.output('By Position With Unpaired')).toEqual([...paired, { a: 3, clash: 'input 1' }]);
  });

  it('all possible combinations: the cross product in input 1 order, input 2 winning clashes', async () => {
    const run = await runN8n(golden('merge-combine-all'));
    expectSuccess(run);
    expect(run.output('Every Pair')).toEqual([
      { x: 1, y: 'a' },
      { x: 9, y: 'b' },
      { x: 2, y: 'a' },
      { x: 9, y: 'b' },
    ]);
  });

  it('choose branch: outputs the chosen input, and waits for both inputs (never runs with one)', async () => {
    const run = await runN8n(golden('merge-choose-branch'));
    expectSuccess(run);
    expect(run.output('Use Input 2')).toEqual([{ from: 'input 2', n: 2 }]);
    expect(run.runs('Never True')).toBe(1);
    expect(run.runs('Needs Both Inputs')).toBe(0);
  });

  it('Merge 2.1 combine (merge by position, multiplex) gives what the v3 modes give', async () => {
    const run = await runN8n(golden('merge-v2-legacy'));
    expectSuccess(run);
    const paired = [
      { a: 1, b: 1, clash: 'input 2' },
      { a: 2, b: 2, clash: 'input 2' },
    ];
    expect(run.output('Merge By Position')).toEqual(paired);
    expect(run.output('Merge By Position With Unpaired')).toEqual([...paired, { a: 3, clash: 'input 1' }]);
    expect(run.output('Multiplex')).toEqual([
      { a: 1, b: 1, clash: 'input 2' },
      { a: 1, b: 2, clash: 'input 2' },
      { a: 2, b: 1, clash: 'input 2' },
      { a: 2, b: 2, clash: 'input 2' },
      { a: 3, b: 1, clash: 'input 2' },
      { a: 3, b: 2, clash: 'input 2' },
    ]);
  });
});

describe('golden: errors', () => {
  // "Reject Odd" (run once for each item) marks its item, then throws on line 3 for odd numbers. n8n's Code
  // node catches per item when the node continues on error (its own engine fixture error_outputs.json).

  it('continueErrorOutput: failed items go to the error output as their input json plus the error', async () => {
    const run = await runN8n(golden('error-output'));
    expectSuccess(run);
    const succeeded = [
      { n: 2, touched: true },
      { n: 4, touched: true },
    ];
    // The failed item is the input item (without the code's change) re-paired, plus the error.
    const failed = [
      { n: 1, error: codeError('odd number 1', 3) },
      { n: 3, error: codeError('odd number 3', 3) },
    ];
    expect(run.output('Reject Odd', 0)).toEqual(succeeded);
    expect(run.output('Reject Odd', 1)).toEqual(failed);
    expect(run.output('Succeeded')).toEqual(succeeded);
    expect(run.output('Failed')).toEqual(failed);
  });

  it('continueRegularOutput: a Code node puts an error item in place of each failed item', async () => {
    const run = await runN8n(golden('error-continue-regular'));
    expectSuccess(run);
    expect(run.output('After Reject Odd')).toEqual([
      { error: codeError('odd number 1', 3) },
      { n: 2, touched: true },
      { error: codeError('odd number 3', 3) },
      { n: 4, touched: true },
    ]);
  });

  it('continueRegularOutput: a Code node that fails for all items outputs one error item', async () => {
    const run = await runN8n(golden('error-continue-regular'));
    expectSuccess(run);
    expect(run.output('After Fail Whole Run')).toEqual([{ error: codeError('whole run failed', 1) }]);
  });

  it('default (stop workflow): the first failing item stops the execution with the node error', async () => {
    const run = await runN8n(golden('error-stop-code'));
    expect(run.result.status).toBe('error');
    expect(run.result.error).toMatchObject({ nodeName: 'Reject Odd' });
    expect(run.result.error?.message).toMatch(/^odd number 1\b/);
    expect(run.runs('Never Reached')).toBe(0);
  });

  it('Stop and Error fails the execution with its message', async () => {
    const run = await runN8n(golden('error-stop-and-error'));
    expect(run.result.status).toBe('error');
    expect(run.result.error).toMatchObject({ nodeName: 'Stop and Error', message: 'stopped on purpose' });
  });
});

describe('golden: retries', () => {
  // "Flaky" fails until 1.5 s have passed since "Start Clock": with 1 s between tries it succeeds on try 3
  // and reports the try it succeeded on (elapsed seconds + 1, rounded). n8n retries whatever the error.

  it('retryOnFail with maxTries 3: fails twice, succeeds on the third try', async () => {
    const run = await runN8n(golden('retry-timed'));
    expectSuccess(run);
    expect(run.runs('Flaky')).toBe(1);
    expect(run.output('Flaky')).toEqual([{ tries: 3 }]);
    expect(run.output('After Flaky')).toEqual([{ tries: 3 }]);
  });

  it('retryOnFail with maxTries 2: the second try, 1 s later, fails and stops the execution', async () => {
    const started = Date.now();
    const run = await runN8n(withNodeSettings(golden('retry-timed'), 'Flaky', { maxTries: 2 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.result.status).toBe('error');
    expect(run.result.error).toMatchObject({ nodeName: 'Flaky' });
    expect(run.result.error?.message).toMatch(/^not ready yet\b/);
    expect(run.runs('After Flaky')).toBe(0);
  });

  it('waitBetweenTries 0 means n8n’s default of 1 s between tries', async () => {
    const run = await runN8n(golden('retry-zero-wait'));
    expectSuccess(run);
    expect(run.output('Flaky')).toEqual([{ tries: 3 }]);
  });

  // n8n's fixture retry_and_continue_on_error.json. The output matches, but KlikkFlow gets there without the
  // second try: n8n also retries a node whose first output item holds `json.error` (a "soft" failure), and
  // KlikkFlow's engine retries thrown errors only.
  it('retries exhausted with continueRegularOutput: the output is the last try’s error item', async () => {
    const run = await runN8n(golden('retry-then-continue'));
    expectSuccess(run);
    expect(run.output('Flaky')).toEqual([{ error: codeError('not ready yet', 3) }]);
    expect(run.output('After Flaky')).toEqual([{ error: codeError('not ready yet', 3) }]);
  });

  // n8n's own engine fixture counts tries in `$execution.customData`, which lives as long as the execution.
  it('a try counter in $execution.customData sees every try', async () => {
    const run = await runN8n(golden('retry-counter'));
    expectSuccess(run);
    expect(run.output('Count Tries')).toEqual([{ success: true, count: 3 }]);
  });

  it('a try counter in $execution.customData: with maxTries 2 the second try’s error stops the run', async () => {
    const run = await runN8n(withNodeSettings(golden('retry-counter'), 'Count Tries', { maxTries: 2 }));
    expect(run.result.status).toBe('error');
    expect(run.result.error?.message).toMatch(/^failed try 2\b/);
  });
});

describe('golden: alwaysOutputData', () => {
  it('a Filter that drops every item continues with one empty item; without the flag the branch stops', async () => {
    const run = await runN8n(golden('always-output-data'));
    expectSuccess(run);
    expect(run.output('Filter Always')).toEqual([{}]);
    expect(run.output('After Filter Always')).toEqual([{}]);
    expect(run.output('Filter Plain')).toEqual([]);
    expect(run.runs('After Filter Plain')).toBe(0);
  });

  it('an IF whose true output is empty sends one empty item there and its items to the false output', async () => {
    const run = await runN8n(golden('always-output-data'));
    expectSuccess(run);
    expect(run.output('If Always', 0)).toEqual([{}]);
    expect(run.output('If Always', 1)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(run.output('If True Branch')).toEqual([{}]);
    expect(run.output('If False Branch')).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('golden: executeOnce', () => {
  it('a Set node runs on the first item only, while $input.all() still sees every item', async () => {
    const run = await runN8n(golden('execute-once'));
    expectSuccess(run);
    expect(run.output('Set Once')).toEqual([{ first: 1, seen: 3 }]);
    expect(run.output('Set Every Item')).toEqual([
      { first: 1, seen: 3 },
      { first: 2, seen: 3 },
      { first: 3, seen: 3 },
    ]);
  });

  it('a Code node in "run once for each item" mode runs for the first item only', async () => {
    const run = await runN8n(golden('execute-once'));
    expectSuccess(run);
    expect(run.output('Code Once')).toEqual([{ n: 1, ran: true }]);
  });
});

describe('golden: paired items', () => {
  it('$("Node").item resolves each item’s own source through IF branches and a Merge', async () => {
    const run = await runN8n(golden('paired-items-branches'));
    expectSuccess(run);
    // The branch Set nodes keep only the tag: x and y come back through the items' lineage.
    expect(run.output('Tag Even')).toEqual([{ tag: 'even' }, { tag: 'even' }]);
    expect(run.output('Resolve Sources')).toEqual([
      { tag: 'even', x: 2, y: 20 },
      { tag: 'even', x: 4, y: 40 },
      { tag: 'odd', x: 1, y: 10 },
      { tag: 'odd', x: 3, y: 30 },
    ]);
  });
});

describe('golden: Loop Over Items', () => {
  it('batches of 2 over 5 items: 3 loop runs, then one run that sends every processed item to done', async () => {
    const run = await runN8n(golden('loop-over-items'));
    expectSuccess(run);
    const loop = 'Loop Over Items';
    expect(run.order()).toEqual([
      TRIGGER,
      'Five Items',
      loop,
      'Double',
      loop,
      'Double',
      loop,
      'Double',
      loop,
      'After Loop',
    ]);
    expect(run.runs(loop)).toBe(4);
    expect([0, 1, 2].map((runIndex) => run.output(loop, 1, runIndex))).toEqual([
      [{ n: 1 }, { n: 2 }],
      [{ n: 3 }, { n: 4 }],
      [{ n: 5 }],
    ]);
    expect([0, 1, 2].map((runIndex) => run.output(loop, 0, runIndex))).toEqual([[], [], []]);
    const processed = [1, 2, 3, 4, 5].map((n) => ({ n, doubled: n * 2 }));
    expect(run.output(loop, 0, 3)).toEqual(processed);
    expect(run.output(loop, 1, 3)).toEqual([]);
    expect(run.runs('After Loop')).toBe(1);
    expect(run.output('After Loop')).toEqual(processed);
  });
});

describe('golden: sub-workflows', () => {
  it('Execute Workflow 1.1 returns the sub-workflow’s output, once for all items or once per item', async () => {
    const run = await runN8n([golden('sub-workflow-parent'), golden('sub-workflow-child')]);
    expectSuccess(run);
    expect(run.output('Call Once')).toEqual([
      { n: 1, via: 'sub-workflow', batchSize: 3 },
      { n: 2, via: 'sub-workflow', batchSize: 3 },
      { n: 3, via: 'sub-workflow', batchSize: 3 },
    ]);
    expect(run.output('Call For Each Item')).toEqual([
      { n: 1, via: 'sub-workflow', batchSize: 1 },
      { n: 2, via: 'sub-workflow', batchSize: 1 },
      { n: 3, via: 'sub-workflow', batchSize: 1 },
    ]);
  });
});
