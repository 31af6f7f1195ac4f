import { defineNode } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine.js';
import { createNodeRegistry } from '../src/node-registry.js';
import type { CodeRunRequest, ScriptSandbox } from '../src/ports/script-sandbox.port.js';
import { FakeClock, noScriptSandbox, outputJson, testNodes, workflow } from './test-kit.js';

const port = { kind: 'main' as const };
const base = { version: 1, description: 'test node', group: 'utility' as const };

/** Outputs the items of its `items` parameter as they are: lets a test shape failed items and their lineage. */
const emit = defineNode({
  ...base,
  type: 'test.emit',
  displayName: 'Emit',
  inputs: [port, port],
  outputs: [port],
  properties: [
    { name: 'items', displayName: 'Items', type: 'json', default: [] },
    { name: 'bothInputs', displayName: 'Both inputs', type: 'boolean', default: false },
  ],
  requiredInputs: (parameters) => (parameters.bothInputs ? [0, 1] : []),
  execute: async (ctx) => [ctx.getParameter<Item[]>('items')],
});

/** Reports `ctx.continueOnFail`, after running code with it (so the sandbox request can be checked). */
const reporter = defineNode({
  ...base,
  type: 'test.reportContinue',
  displayName: 'Report',
  inputs: [port],
  outputs: [port],
  properties: [],
  execute: async (ctx) => {
    await ctx.helpers.runCode('return [];', 'runOnceForEachItem', { continueOnFail: ctx.continueOnFail });
    return [[{ json: { continueOnFail: ctx.continueOnFail } }]];
  },
});

/** A sandbox port that records Code runs and returns no items. */
function recordingSandbox(requests: CodeRunRequest[]): ScriptSandbox {
  return {
    ...noScriptSandbox,
    runCode: async (request) => {
      requests.push(request);
      return { ok: true, items: [], logs: [] };
    },
  };
}

function engineWith(sandbox: ScriptSandbox = noScriptSandbox) {
  return createEngine({
    registry: createNodeRegistry([...testNodes(), emit, reporter]),
    ports: { sandbox, clock: new FakeClock() },
  });
}

describe('ctx.continueOnFail', () => {
  it.each([
    [undefined, false],
    ['stop', false],
    ['continue', true],
    ['errorOutput', true],
  ] as const)('is %s → %s, and reaches the sandbox request only when true', async (onError, expected) => {
    const requests: CodeRunRequest[] = [];
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['R', 'test.reportContinue', onError === undefined ? {} : { onError }],
      ],
      ['T->R'],
    );
    const result = await engineWith(recordingSandbox(requests)).run({ workflow: wf });
    expect(outputJson(result.runData, 'R')).toEqual([{ continueOnFail: expected }]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.continueOnFail).toBe(expected ? true : undefined);
  });
});

describe('onError errorOutput: failed items on the error output', () => {
  const triggerItems = [{ json: { n: 1, name: 'one' } }, { json: { n: 2, name: 'two' } }];

  async function route(items: unknown[]) {
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['E', 'test.emit', { onError: 'errorOutput', parameters: { items } }],
        ['Ok', 'test.set'],
        ['Failed', 'test.set'],
      ],
      ['T->E', 'E:0->Ok', 'E:1->Failed'],
    );
    return engineWith().run({ workflow: wf, triggerItems });
  }

  it('carry their paired input item’s json under the error, keep lineage, and leave good items alone', async () => {
    const result = await route([
      { json: { error: 'bad two', message: 'details here' }, pairedItem: { item: 1 } },
      { json: { n: 10 }, pairedItem: { item: 0 } },
      { json: { error: 'bad one' }, pairedItem: [{ item: 0 }, { item: 1 }] },
    ]);
    expect(result.status).toBe('success');
    expect(outputJson(result.runData, 'Ok')).toEqual([{ n: 10 }]);
    expect(outputJson(result.runData, 'E', 0, 1)).toEqual([
      { n: 2, name: 'two', error: 'bad two', message: 'details here' },
      // With several paired items, the first one gives the json.
      { n: 1, name: 'one', error: 'bad one' },
    ]);
    expect(result.runData.E?.[0]?.outputs?.[1]?.map((item) => item.pairedItem)).toEqual([
      { item: 1 },
      [{ item: 0 }, { item: 1 }],
    ]);
    expect(outputJson(result.runData, 'Failed')).toEqual(outputJson(result.runData, 'E', 0, 1));
  });

  it('let the error win over an input field of the same name; an item marked by `error` merges too', async () => {
    const result = await route([
      { json: { name: 'replaced', error: 'x' }, error: 'x', pairedItem: { item: 0 } },
      { json: { error: 'y' }, pairedItem: { item: 1 } },
    ]);
    expect(outputJson(result.runData, 'E', 0, 1)).toEqual([
      { n: 1, name: 'replaced', error: 'x' },
      { n: 2, name: 'two', error: 'y' },
    ]);
  });

  it('stay as they are when their lineage names no input item', async () => {
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        [
          'E',
          'test.emit',
          {
            onError: 'errorOutput',
            parameters: {
              items: [{ json: { error: 'unpaired' } }, { json: { error: 'gone' }, pairedItem: { item: 7 } }],
            },
          },
        ],
      ],
      ['T->E'],
    );
    // Three input items and two outputs: auto-pairing cannot guess, so the first item stays unpaired.
    const result = await engineWith().run({
      workflow: wf,
      triggerItems: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }],
    });
    expect(outputJson(result.runData, 'E', 0, 1)).toEqual([{ error: 'unpaired' }, { error: 'gone' }]);
  });

  it('merge over the item of the input their lineage names', async () => {
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        ['A', 'test.set', { parameters: { values: { from: 'a' } } }],
        ['B', 'test.set', { parameters: { values: { from: 'b' } } }],
        [
          'E',
          'test.emit',
          {
            onError: 'errorOutput',
            parameters: {
              bothInputs: true,
              items: [{ json: { error: 'second input' }, pairedItem: { item: 0, input: 1 } }],
            },
          },
        ],
      ],
      ['T->A', 'T->B', 'A->E:0', 'B->E:1'],
    );
    const result = await engineWith().run({ workflow: wf, triggerItems: [{ json: { n: 1 } }] });
    expect(outputJson(result.runData, 'E', 0, 1)).toEqual([{ n: 1, from: 'b', error: 'second input' }]);
  });
});

describe('onError continue', () => {
  it('keeps error items in place on the regular output', async () => {
    const wf = workflow(
      [
        ['T', 'test.trigger'],
        [
          'E',
          'test.emit',
          {
            onError: 'continue',
            parameters: {
              items: [
                { json: { error: 'failed' }, pairedItem: { item: 0 } },
                { json: { n: 2 }, pairedItem: { item: 1 } },
              ],
            },
          },
        ],
        ['After', 'test.set'],
      ],
      ['T->E', 'E->After'],
    );
    const result = await engineWith().run({
      workflow: wf,
      triggerItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
    });
    expect(outputJson(result.runData, 'After')).toEqual([{ error: 'failed' }, { n: 2 }]);
  });
});
