import {
  compileFastPath,
  type EvaluationOutcome,
  FAST_PATH_MISS,
  parseTemplate,
  type ScriptSandbox,
  type TemplateProgram,
  type WorkflowDataSnapshot,
} from '@klikkflow/engine';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import type { Item } from '@klikkflow/types';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

// Differential test: wherever the host fast path answers, the real isolated-vm sandbox must give the same
// value for the same template and item. Cases are sampled with fixed seeds and sent as one batch per seed.
const sandbox: ScriptSandbox = createIsolatedVmSandbox({ memoryMb: 64 });
afterAll(() => sandbox.dispose());

const numbers = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2, 3, 0.5, -2.5, 7.25, 10, 1e21, 2 ** 53, Number.NaN),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const strings = fc.constantFrom('', '0', '1', '10', '9', ' 3 ', '-2', '1e3', 'abc', 'true', 'null', 'Ø');
const primitives = fc.oneof(numbers, strings, fc.boolean(), fc.constant(null));
const values = fc.oneof(
  { weight: 6, arbitrary: primitives },
  { weight: 1, arbitrary: fc.array(fc.oneof(primitives, fc.constant(undefined)), { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.record({ n: primitives, deep: fc.record({ x: primitives }) }, { requiredKeys: [] }),
  },
);
const items: fc.Arbitrary<Item> = fc.record(
  {
    json: fc.record(
      {
        n: values,
        m: values,
        s: values,
        b: values,
        o: fc.record({ n: values, deep: fc.record({ x: values }) }, { requiredKeys: ['n'] }),
        arr: fc.array(values, { maxLength: 3 }),
        nil: fc.constant(null),
      },
      { requiredKeys: [] },
    ),
    binary: fc.constant({ data: { id: 'b1', mimeType: 'text/plain', fileName: 'f.txt' } }),
  },
  { requiredKeys: ['json'] },
);

const PATHS = [
  '$json.n',
  '$json.m',
  '$json.s',
  '$json.b',
  "$json['n']",
  '$json["m"]',
  '$json.o',
  '$json.o.n',
  '$json.o?.n',
  '$json.o.deep.x',
  '$json.o.deep?.x',
  '$json.o.deep.x?.y',
  '$json.arr',
  '$json.arr[0]',
  '$json.arr?.[1]',
  '$json.arr.length',
  '$json.missing',
  '$json.missing?.x',
  '$json.missing.x',
  '$json.nil?.x',
  '$json.n.x',
  '$input.item.json.n',
  '$binary.data.fileName',
  '$json',
];
const LITERALS = [
  '0',
  '1',
  '2',
  '3',
  '10',
  '0.5',
  '.25',
  '1e3',
  '2.5e-1',
  "''",
  "'a'",
  "'0'",
  "'10'",
  '"9"',
  "' 3 '",
  "'it\\'s'",
  '"\\n"',
  'true',
  'false',
  'null',
  'undefined',
];
const UNARY = ['-', '+', '!'];
const BINARY = ['*', '/', '%', '+', '-', '<', '<=', '>', '>=', '==', '!=', '===', '!==', '&&', '||', '??'];

const space = fc.constantFrom('', ' ', ' ', '\n');
/** Parentheses on about a third of the operands: enough to vary grouping, few enough to test precedence. */
const maybeGrouped = (code: fc.Arbitrary<string>) =>
  fc.tuple(code, fc.nat(2)).map(([text, choice]) => (choice === 0 ? `(${text})` : text));

const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expression' },
    { weight: 2, arbitrary: fc.constantFrom(...PATHS, ...LITERALS) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...UNARY), space, maybeGrouped(tie('expression')))
        .map(([operator, gap, operand]) => operator + gap + operand),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(tie('expression'), space, fc.constantFrom(...BINARY), space, maybeGrouped(tie('expression')))
        .map((parts) => parts.join('')),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(maybeGrouped(tie('expression')), maybeGrouped(tie('expression')), tie('expression'))
        .map(([test, consequent, alternate]) => `${test} ? ${consequent} : ${alternate}`),
    },
  ),
}));
const templates = fc.oneof(
  { weight: 4, arbitrary: expression.map((code) => `={{ ${code} }}`) },
  { weight: 1, arbitrary: fc.tuple(expression, expression).map(([a, b]) => `=a{{ ${a} }}-{{${b}}}z`) },
);

function snapshot(input: Item[]): WorkflowDataSnapshot {
  return {
    timezone: 'UTC',
    now: 0,
    execution: { id: 'ex', mode: 'manual' },
    workflow: { id: 'wf', name: 'Parity', active: false },
    vars: {},
    node: { name: 'Node', type: 'core.noOp', parameters: {} },
    runIndex: 0,
    prevNode: null,
    input,
    nodes: {},
    paired: {},
  };
}

/** The host value as the sandbox would return it: objects are the item's own data, equal once sent as JSON. */
const asSent = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value;

async function compare(seed: number) {
  const sources = fc.sample(templates, { numRuns: 150, seed });
  const input = fc.sample(items, { numRuns: 8, seed: seed + 1 });
  const programs: TemplateProgram[] = sources.map((source) => parseTemplate(source));
  const jobs: [number, number][] = programs.flatMap((_, program) =>
    input.map((__, item): [number, number] => [program, item]),
  );
  const limits = { timeoutMs: 10_000, memoryMb: 64 };
  const { results } = await sandbox.evaluateExpressions({ programs, jobs, data: snapshot(input), limits });
  const tally = { compiled: 0, answered: 0, jobs: jobs.length };
  const compiled = new Set<number>();
  jobs.forEach(([program, item], index) => {
    const evaluator = compileFastPath(programs[program] as TemplateProgram);
    const outcome = results[index] as EvaluationOutcome;
    const label = `seed ${seed}: ${sources[program]} on ${JSON.stringify(input[item])}`;
    if (!evaluator) return;
    compiled.add(program);
    // The host only compiles what is valid JavaScript.
    if (!outcome.ok) expect(outcome.error.code, label).not.toBe('EXPR_SYNTAX');
    const host = evaluator(input[item]);
    if (host === FAST_PATH_MISS) return;
    tally.answered++;
    expect(outcome.ok ? outcome : outcome.error.message, label).toMatchObject({ ok: true });
    if (host === undefined) expect(outcome, label).toMatchObject({ undefined: true });
    else expect(asSent(host), label).toStrictEqual(outcome.ok ? outcome.value : undefined);
  });
  tally.compiled = compiled.size;
  return tally;
}

describe('fast path parity with the isolated-vm sandbox', () => {
  it.each([1, 2, 3])('answers exactly like the sandbox (seed %i)', async (seed) => {
    const tally = await compare(seed * 7919);
    // Guard against a vacuous pass: most programs compile and a good share of jobs is answered in the host.
    expect(tally.compiled).toBeGreaterThan(60);
    expect(tally.answered).toBeGreaterThan(tally.jobs / 5);
  });
});
