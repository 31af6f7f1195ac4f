import { OperationalError } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { defineCredential, defineNode } from './define.js';
import { jsonOf, runNode, runNodeExpectingError } from './harness.js';
import { derivedItem, pairedTo, toItem, toItems } from './items.js';
import { isExpression, isVisible, readPath, splitPath, withDefaults } from './parameters.js';

const echo = defineNode({
  type: 'test.echo',
  version: 1,
  displayName: 'Echo',
  description: 'Echoes parameters into items',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    { name: 'label', displayName: 'Label', type: 'string', default: 'hi' },
    {
      name: 'extra',
      displayName: 'Extra',
      type: 'string',
      default: 'x',
      displayOptions: { show: { label: ['show'] } },
    },
  ],
  async execute(ctx, inputs) {
    const credential =
      ctx.node.name === 'WithCred' ? await ctx.getCredentials<{ key: string }>('api') : undefined;
    ctx.logger.info('ran', { count: inputs[0]?.length });
    ctx.setState({ runs: (ctx.getState<{ runs: number }>()?.runs ?? 0) + 1 });
    await ctx.sleep(5);
    if (ctx.getParameter('label') === 'wait') ctx.waitUntil(new Date(0));
    return [
      (inputs[0] ?? []).map((item, index) =>
        derivedItem(item, index, {
          ...item.json,
          label: ctx.getParameter('label', index),
          extra: ctx.getParameters(index).extra ?? null,
          missing: ctx.getParameter('nope', index, 'fallback'),
          key: credential?.key ?? ctx.idempotencyKey(index),
          input1: ctx.inputData(1).length,
        }),
      ),
    ];
  },
});

describe('defineNode and defineCredential', () => {
  it('rejects malformed definitions with a message naming the field', () => {
    expect(() => defineNode({ ...echo, type: 'Bad' })).toThrow(/node definition "Bad" is invalid: type/);
    expect(() => defineNode({ ...echo, properties: [...echo.properties, ...echo.properties] })).toThrow(
      /declares property "label" twice/,
    );
    expect(Object.isFrozen(echo)).toBe(true);
  });

  it('validates credential types', () => {
    const basic = defineCredential({ name: 'httpBasicAuth', displayName: 'Basic Auth', properties: [] });
    expect(basic.name).toBe('httpBasicAuth');
    expect(() => defineCredential({ name: 'no spaces allowed', displayName: 'x', properties: [] })).toThrow(
      /credential "no spaces allowed" is invalid/,
    );
  });
});

describe('runNode harness', () => {
  it('runs a node with per-item parameters, defaults, state, logs and sleeps', async () => {
    const result = await runNode(echo, {
      items: [{ a: 1 }, { a: 2 }],
      parameters: (index) => ({ label: index === 0 ? 'show' : 'other' }),
      state: { runs: 4 },
    });
    expect(jsonOf(result.outputs[0])).toEqual([
      {
        a: 1,
        label: 'show',
        extra: 'x',
        missing: 'fallback',
        key: 'test-execution:node-under-test:0:0',
        input1: 0,
      },
      {
        a: 2,
        label: 'other',
        extra: null,
        missing: 'fallback',
        key: 'test-execution:node-under-test:0:1',
        input1: 0,
      },
    ]);
    expect(result.outputs[0]?.[1]?.pairedItem).toEqual({ item: 1 });
    expect(result.state).toEqual({ runs: 5 });
    expect(result.logs).toEqual(['[info] ran {"count":2}']);
    expect(result.slept).toBe(5);
    expect(result.waitUntil).toBeUndefined();
  });

  it('hands credentials, several inputs and wait requests to the node', async () => {
    const result = await runNode(echo, {
      inputs: [[{ json: {} }], [{ json: {} }, { json: {} }]],
      parameters: { label: 'wait' },
      credentials: { api: { key: 'k' } },
      nodeName: 'WithCred',
    });
    expect(jsonOf(result.outputs[0])[0]).toMatchObject({ key: 'k', input1: 2 });
    expect(result.waitUntil).toEqual(new Date(0));
  });

  it('deep-freezes inputs so a node that mutates them fails', async () => {
    const mutator = defineNode({
      ...echo,
      type: 'test.mutator',
      async execute(_ctx, inputs) {
        const item = inputs[0]?.[0];
        if (item) (item.json as { a: number }).a = 2;
        return [inputs[0] ?? []];
      },
    });
    const error = await runNodeExpectingError(mutator, { items: [{ a: 1 }] });
    expect(error.message).toMatch(/read only|read-only|Cannot assign/);
  });

  it('reports missing helpers, credentials and execute functions clearly', async () => {
    const needsHttp = defineNode({
      ...echo,
      type: 'test.http',
      async execute(ctx) {
        await ctx.helpers.httpRequest({ url: 'https://example.com' });
        return [[]];
      },
    });
    expect(await runNodeExpectingError(needsHttp)).toMatchObject({ code: 'HARNESS_HELPER_MISSING' });
    expect(await runNodeExpectingError(echo, { nodeName: 'WithCred' })).toMatchObject({
      code: 'CREDENTIAL_MISSING',
    });
    const { execute: _execute, ...noExecute } = echo;
    expect(await runNodeExpectingError(noExecute as typeof echo)).toMatchObject({
      code: 'NODE_NOT_EXECUTABLE',
    });
    await expect(runNodeExpectingError(echo)).rejects.toThrow(/expected node "test.echo" to fail/);
  });

  it('passes helpers through and returns their errors as data', async () => {
    const failing = defineNode({
      ...echo,
      type: 'test.failing',
      async execute(ctx) {
        const out = await ctx.helpers.runCode('return []', 'runOnceForAllItems');
        if (out.items.length === 0) throw new OperationalError('TEST_EMPTY', 'empty');
        return [out.items];
      },
    });
    const error = await runNodeExpectingError(failing, {
      helpers: { runCode: async () => ({ items: [], logs: [] }) },
    });
    expect(error).toMatchObject({ code: 'TEST_EMPTY', intent: 'operational' });
  });

  it('tells the node whether it continues on failure (default: it does not)', async () => {
    const reporter = defineNode({
      ...echo,
      type: 'test.continueOnFail',
      async execute(ctx) {
        return [[{ json: { continueOnFail: ctx.continueOnFail } }]];
      },
    });
    expect(jsonOf((await runNode(reporter)).outputs[0])).toEqual([{ continueOnFail: false }]);
    expect(jsonOf((await runNode(reporter, { continueOnFail: true })).outputs[0])).toEqual([
      { continueOnFail: true },
    ]);
  });
});

describe('parameters and items', () => {
  it('reads own paths only', () => {
    expect(readPath({ a: { b: [{ c: 1 }] } }, 'a.b[0].c')).toBe(1);
    expect(readPath({ a: 1 }, 'a.b')).toBeUndefined();
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(splitPath('x[10].y')).toEqual(['x', '10', 'y']);
  });

  it('recognises expressions', () => {
    expect(isExpression('={{ 1 }}')).toBe(true);
    expect(isExpression('{{ 1 }}')).toBe(false);
    expect(isExpression(3)).toBe(false);
  });

  it('fills defaults of visible properties only', () => {
    expect(withDefaults(echo.properties, {})).toEqual({ label: 'hi' });
    expect(withDefaults(echo.properties, { label: 'show' })).toEqual({ label: 'show', extra: 'x' });
    expect(
      isVisible(
        {
          name: 'x',
          displayName: 'X',
          type: 'string',
          default: '',
          displayOptions: { hide: { mode: ['a'] } },
        },
        { mode: 'a' },
      ),
    ).toBe(false);
  });

  it('wraps values as items', () => {
    expect(toItems([{ a: 1 }, { json: { b: 2 } }, 3, [1]])).toEqual([
      { json: { a: 1 } },
      { json: { b: 2 } },
      { json: { data: 3 } },
      { json: { data: [1] } },
    ]);
    expect(toItem({ json: 5 })).toEqual({ json: { json: 5 } });
    expect(pairedTo(2)).toEqual({ item: 2 });
    expect(pairedTo(2, 1)).toEqual({ item: 2, input: 1 });
    expect(derivedItem({ json: {}, binary: { f: { id: 'b', mimeType: 'x' } } }, 0, { n: 1 })).toEqual({
      json: { n: 1 },
      pairedItem: { item: 0 },
      binary: { f: { id: 'b', mimeType: 'x' } },
    });
  });
});
