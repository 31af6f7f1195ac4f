import { type AppError, type Item, UserError, type Workflow, type WorkflowNode } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import type {
  EvaluationOutcome,
  ExpressionBatchRequest,
  ExpressionBatchResult,
  ScriptSandbox,
} from '../ports/script-sandbox.port.js';
import type { ExpressionScope } from './expression-scope.js';
import { evaluateExpression, resolveParameters } from './parameter-resolver.js';

/**
 * A sandbox that answers from a script of outcomes and records what it was asked. It checks the resolver's
 * batching and error attribution; `parameter-resolver.sandbox.test.ts` runs the same paths on the real one.
 */
class ScriptedSandbox implements ScriptSandbox {
  readonly requests: ExpressionBatchRequest[] = [];
  constructor(private readonly answer: (request: ExpressionBatchRequest) => EvaluationOutcome[] | Error) {}
  async evaluateExpressions(request: ExpressionBatchRequest): Promise<ExpressionBatchResult> {
    this.requests.push(request);
    const results = this.answer(request);
    if (results instanceof Error) throw results;
    return { results };
  }
  runCode(): never {
    throw new Error('not used');
  }
  async dispose(): Promise<void> {}
}

/** For tests where the sandbox must not be called at all. */
const unreachable = new ScriptedSandbox(() => {
  throw new Error('the sandbox was called');
});

const current: WorkflowNode = {
  id: 'c',
  name: 'HTTP',
  type: 'core.httpRequest',
  version: 1,
  position: [0, 0],
  parameters: {},
};
const previous: WorkflowNode = {
  id: 'p',
  name: 'Prev',
  type: 'core.noOp',
  version: 1,
  position: [0, 0],
  parameters: {},
};
const items: Item[] = [
  { json: { id: 1, name: 'one', tags: ['a', 'b'] }, pairedItem: { item: 0 } },
  { json: { id: 2, name: 'two', tags: [] }, pairedItem: { item: 0 } },
  { json: { id: 3, name: 'three' }, pairedItem: { item: 0 } },
];

function scope(inputs: Item[][] = [items]): ExpressionScope {
  const workflow: Workflow = {
    schemaVersion: 1,
    id: 'wf',
    name: 'Resolver',
    nodes: [previous, current],
    connections: [],
    settings: { executionOrder: 'v1', timezone: 'UTC' },
  };
  const prevRun = {
    runIndex: 0,
    status: 'success' as const,
    startedAt: 0,
    durationMs: 0,
    source: [],
    inputs: [],
  };
  return {
    workflow,
    executionId: 'ex',
    mode: 'manual',
    runData: { p: [{ ...prevRun, outputs: [inputs[0] ?? []] }] },
    node: current,
    runIndex: 0,
    inputs,
    source: [{ node: 'p', output: 0, runIndex: 0 }],
    now: 0,
    variables: {},
    limits: { timeoutMs: 500, memoryMb: 32 },
  };
}

function caught(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a throw');
}

describe('resolveParameters: host-only', () => {
  const parameters = {
    method: 'GET',
    url: '=https://api.test/items/{{ $json.id }}',
    body: { static: { deep: [1, 2, 3] }, name: '={{ $json.name }}' },
    headers: [
      { name: 'X-Tag', value: '={{ $json.tags }}' },
      { name: 'X-Static', value: 'v' },
    ],
    __proto__: null,
  };
  Object.defineProperty(parameters, '__proto__', { value: '={{ $json.id }}', enumerable: true });

  it('resolves plain paths in the host without calling the sandbox', async () => {
    const resolved = await resolveParameters(unreachable, scope(), parameters, 3);
    expect(resolved.get('url', 1)).toBe('https://api.test/items/2');
    expect(resolved.get('body.name', 2)).toBe('three');
    expect(resolved.get('headers[0].value', 0)).toEqual(['a', 'b']);
    expect(resolved.get('headers.0.value', 1)).toEqual([]);
    expect(resolved.get('headers[0].value[1]', 0)).toBe('b');
    expect(resolved.get('headers[1].value', 2)).toBe('v');
    expect(resolved.get('method', 2)).toBe('GET');
    expect(resolved.get('missing.deeper', 0)).toBeUndefined();
    expect(resolved.get('body.name.length', 0)).toBeUndefined();
    expect(unreachable.requests).toHaveLength(0);
  });

  it('builds whole trees per item, sharing what holds no expression', async () => {
    const resolved = await resolveParameters(unreachable, scope(), parameters, 3);
    const all = resolved.all(0);
    expect(all).toMatchObject({
      method: 'GET',
      url: 'https://api.test/items/1',
      body: { static: { deep: [1, 2, 3] }, name: 'one' },
      headers: [
        { name: 'X-Tag', value: ['a', 'b'] },
        { name: 'X-Static', value: 'v' },
      ],
    });
    expect(all.body).not.toBe(parameters.body);
    expect((all.body as { static: unknown }).static).toBe(parameters.body.static);
    expect((all.headers as unknown[])[1]).toBe(parameters.headers[1]);
    expect(Object.hasOwn(all, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(all, '__proto__')?.value).toBe(1);
    expect(resolved.get('body', 1)).toEqual({ static: { deep: [1, 2, 3] }, name: 'two' });
    expect(parameters.body.name).toBe('={{ $json.name }}');
  });

  it('returns static parameters as they are', async () => {
    const stat = { a: 1, nested: { b: [2] } };
    const resolved = await resolveParameters(unreachable, scope(), stat, 2);
    expect(resolved.all(1)).toBe(stat);
    expect(resolved.get('nested', 0)).toBe(stat.nested);
    expect(resolved.get('', 0)).toBe(stat);
  });

  it('refuses to read an expression for an item it did not resolve', async () => {
    const resolved = await resolveParameters(unreachable, scope(), parameters, 3);
    expect(caught(() => resolved.get('url', 3)).code).toBe('EXPR_ITEM_OUT_OF_RANGE');
    expect(caught(() => resolved.all(-1)).code).toBe('EXPR_ITEM_OUT_OF_RANGE');
    expect(resolved.get('method', 7)).toBe('GET');
  });
});

describe('resolveParameters: batching', () => {
  it('sends each distinct program once, only for the items the host could not resolve', async () => {
    const sandbox = new ScriptedSandbox((request) =>
      request.jobs.map(([, item]) => ({ ok: true, value: item * 10 })),
    );
    const parameters = {
      a: '={{ $json.name.toUpperCase() }}',
      b: '={{ $json.name.toUpperCase() }}',
      c: "={{ $('Prev').item.json.id }}",
      d: '={{ $json.tags.length }}',
      e: '=x{{ $json.tags }}',
    };
    const resolved = await resolveParameters(sandbox, scope(), parameters, 3);
    expect(sandbox.requests).toHaveLength(1);
    const [request] = sandbox.requests as [ExpressionBatchRequest];
    expect(request.programs.map((program) => program.parts)).toEqual([
      [{ code: ' $json.name.toUpperCase() ' }],
      [{ code: " $('Prev').item.json.id " }],
      [{ code: ' $json.tags.length ' }],
    ]);
    // Item 2 has no `tags`: only the sandbox can report what reading `.length` of undefined does.
    expect(request.jobs).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 2],
    ]);
    expect(request.limits).toEqual({ timeoutMs: 500, memoryMb: 32 });
    expect(Object.keys(request.data.nodes)).toEqual(['Prev']);
    expect(request.data.paired.Prev).toEqual([0, 1, 2].map((item) => ({ runIndex: 0, output: 0, item })));
    expect(resolved.get('a', 2)).toBe(20);
    expect(resolved.get('b', 1)).toBe(10);
    expect(resolved.get('c', 2)).toBe(20);
    expect(resolved.get('d', 0)).toBe(2);
    expect(resolved.get('d', 2)).toBe(20);
    expect(resolved.get('e', 0)).toBe('xa,b');
    expect(resolved.get('e', 2)).toBe('x');
  });

  it('sends items the host lacks to the sandbox', async () => {
    const sandbox = new ScriptedSandbox((request) => request.jobs.map(() => ({ ok: true, undefined: true })));
    const resolved = await resolveParameters(sandbox, scope([]), { a: '={{ $json.a }}' }, 1);
    expect(sandbox.requests[0]?.jobs).toEqual([[0, 0]]);
    expect(resolved.get('a', 0)).toBeUndefined();
  });

  it('makes no call for zero items', async () => {
    const resolved = await resolveParameters(unreachable, scope([]), { a: '={{ 1 + 1 }}' }, 0);
    expect(caught(() => resolved.get('a', 0)).code).toBe('EXPR_ITEM_OUT_OF_RANGE');
  });
});

describe('resolveParameters: errors', () => {
  it('attributes failures to their item and parameter', async () => {
    const sandbox = new ScriptedSandbox((request) =>
      request.jobs.map(([program, item]) =>
        program === 0 && item === 1
          ? failure('EXPR_ERROR', "Cannot read properties of undefined (reading 'y')")
          : { ok: true, value: 'fine' },
      ),
    );
    const parameters = { options: { query: { q: '={{ $json.x.y }}' } }, url: '={{ Math.max(1, 2) }}' };
    const resolved = await resolveParameters(sandbox, scope(), parameters, 3);
    expect(resolved.get('options.query.q', 0)).toBe('fine');
    const error = caught(() => resolved.get('options.query.q', 1));
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('EXPR_ERROR');
    expect(error.message).toBe(
      `Expression in parameter "options.query.q" of node "HTTP" (item 1) failed: Cannot read properties of undefined (reading 'y'): {{ $json.x.y }}`,
    );
    expect(error.details).toEqual({
      node: 'HTTP',
      parameter: 'options.query.q',
      itemIndex: 1,
      expression: '={{ $json.x.y }}',
    });
    expect((error.cause as AppError).code).toBe('EXPR_ERROR');
    expect(caught(() => resolved.get('options', 1)).code).toBe('EXPR_ERROR');
    expect(caught(() => resolved.get('options.query.q.length', 1)).code).toBe('EXPR_ERROR');
    expect(caught(() => resolved.all(1)).details.parameter).toBe('options.query.q');
    expect(resolved.get('url', 1)).toBe('fine');
    expect(resolved.all(2)).toEqual({ options: { query: { q: 'fine' } }, url: 'fine' });
  });

  it('keeps the expression codes and maps others to EXPR_ERROR', async () => {
    const sandbox = new ScriptedSandbox((request) =>
      request.jobs.map(
        ([program]) =>
          [
            failure('EXPR_SYNTAX', 'Unexpected token'),
            failure('EXPR_MEMORY', 'heap'),
            failure('WEIRD', 'odd'),
          ][program] as EvaluationOutcome,
      ),
    );
    const parameters = { a: '={{ ( }}', b: '={{ big() }}', c: `={{ ${'x'.repeat(300)} }}` };
    const resolved = await resolveParameters(sandbox, scope(), parameters, 1);
    expect(caught(() => resolved.get('a', 0)).code).toBe('EXPR_SYNTAX');
    expect(caught(() => resolved.get('b', 0)).code).toBe('EXPR_MEMORY');
    const other = caught(() => resolved.get('c', 0));
    expect(other.code).toBe('EXPR_ERROR');
    expect(other.message.endsWith('…')).toBe(true);
    expect(other.details.expression).toBe(parameters.c);
  });

  it('attributes a batch-wide rejection to every item and parameter', async () => {
    const timeout = Object.assign(new Error('Script ran longer than the time limit of 500 ms'), {
      code: 'EXPR_TIMEOUT',
    });
    const sandbox = new ScriptedSandbox(() => timeout);
    const resolved = await resolveParameters(
      sandbox,
      scope(),
      { a: '={{ loop() }}', b: '={{ $json.id }}' },
      2,
    );
    const error = caught(() => resolved.get('a', 1));
    expect(error.code).toBe('EXPR_TIMEOUT');
    expect(error.details).toMatchObject({ parameter: 'a', itemIndex: 1 });
    expect(resolved.get('b', 1)).toBe(2);
  });

  it('propagates sandbox faults and malformed answers', async () => {
    const broken = new ScriptedSandbox(() => new Error('isolate crashed'));
    await expect(resolveParameters(broken, scope(), { a: '={{ f() }}' }, 1)).rejects.toThrow(
      'isolate crashed',
    );
    const short = new ScriptedSandbox(() => []);
    await expect(resolveParameters(short, scope(), { a: '={{ f() }}' }, 1)).rejects.toMatchObject({
      code: 'EXPR_BATCH_MISMATCH',
    });
  });
});

describe('evaluateExpression', () => {
  it('returns plain strings as they are and reads plain paths in the host', async () => {
    expect(await evaluateExpression(unreachable, scope(), 'no expression', 0)).toBe('no expression');
    expect(await evaluateExpression(unreachable, scope(), '={{ $json.name }}', 2)).toBe('three');
  });

  it('passes extras to the sandbox and throws failures naming node and item', async () => {
    const sandbox = new ScriptedSandbox((request) => [
      request.data.extras?.pageCount === 2 ? { ok: true, value: 'next' } : failure('EXPR_ERROR', 'no more'),
    ]);
    expect(
      await evaluateExpression(sandbox, scope(), '={{ $response.body.next }}', 1, { pageCount: 2 }),
    ).toBe('next');
    expect(sandbox.requests[0]?.jobs).toEqual([[0, 1]]);
    const error = await evaluateExpression(sandbox, scope(), '={{ $response.body.next }}', 0, {
      pageCount: 3,
    }).catch((thrown: AppError) => thrown);
    expect(error).toMatchObject({
      code: 'EXPR_ERROR',
      message: 'Expression of node "HTTP" (item 0) failed: no more: {{ $response.body.next }}',
      details: { node: 'HTTP', itemIndex: 0, expression: '={{ $response.body.next }}' },
    });
  });

  it('falls back to the sandbox when the host path misses', async () => {
    const sandbox = new ScriptedSandbox(() => [{ ok: true, value: 'from sandbox' }]);
    expect(await evaluateExpression(sandbox, scope(), '={{ $json.tags.length }}', 2)).toBe('from sandbox');
  });
});

function failure(code: string, message: string): EvaluationOutcome {
  return { ok: false, error: { code, message, intent: 'user' } };
}
