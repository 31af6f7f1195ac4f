import { jsonOf, runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mergeNode } from './merge.node.js';

const input1 = toItems([
  { id: 1, name: 'a', side: 1 },
  { id: 2, name: 'b', side: 1 },
  { id: 3, name: 'c', side: 1 },
]);
const input2 = toItems([
  { key: 2, extra: 'x', side: 2 },
  { key: 1, extra: 'y', side: 2 },
  { key: 2, extra: 'z', side: 2 },
  { key: '3', extra: 'w', side: 2 },
  { key: 9, extra: 'v', side: 2 },
]);
const byFields = (joinMode: string, more: Record<string, unknown> = {}) =>
  runNode(mergeNode, {
    inputs: [input1, input2],
    parameters: {
      mode: 'combineByFields',
      fieldsToMatch: [{ field1: 'id', field2: 'key' }],
      joinMode,
      ...more,
    },
  });

describe('core.merge', () => {
  it('appends input 1 then input 2, paired to each source', async () => {
    const { outputs } = await runNode(mergeNode, {
      inputs: [toItems([{ a: 1 }]), toItems([{ b: 2 }, { c: 3 }])],
    });
    expect(outputs).toEqual([
      [
        { json: { a: 1 }, pairedItem: { item: 0 } },
        { json: { b: 2 }, pairedItem: { item: 0, input: 1 } },
        { json: { c: 3 }, pairedItem: { item: 1, input: 1 } },
      ],
    ]);
  });

  it('appends numberInputs inputs and treats a missing input as empty', async () => {
    const inputs = [toItems([{ a: 1 }]), [], toItems([{ c: 3 }])];
    const { outputs } = await runNode(mergeNode, { inputs, parameters: { numberInputs: 3 } });
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0, input: 2 }]);
    const two = await runNode(mergeNode, { inputs: [toItems([{ a: 1 }])] });
    expect(jsonOf(two.outputs[0])).toEqual([{ a: 1 }]);
    expect((await runNodeExpectingError(mergeNode, { parameters: { numberInputs: 1 } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });

  it('keeps matches strictly, input 1 order then its matches in input 2 order, input 2 winning', async () => {
    const { outputs } = await byFields('keepMatches');
    expect(outputs[0]).toEqual([
      {
        json: { id: 1, name: 'a', side: 2, key: 1, extra: 'y' },
        pairedItem: [{ item: 0 }, { item: 1, input: 1 }],
      },
      {
        json: { id: 2, name: 'b', side: 2, key: 2, extra: 'x' },
        pairedItem: [{ item: 1 }, { item: 0, input: 1 }],
      },
      {
        json: { id: 2, name: 'b', side: 2, key: 2, extra: 'z' },
        pairedItem: [{ item: 1 }, { item: 2, input: 1 }],
      },
    ]);
  });

  it('matches 3 with "3" only with fuzzyCompare', async () => {
    const { outputs } = await byFields('keepMatches', { options: { fuzzyCompare: true } });
    expect(jsonOf(outputs[0]).map((json) => json.extra)).toEqual(['y', 'x', 'z', 'w']);
  });

  it('outputs the matched items of one input with outputDataFrom', async () => {
    expect(jsonOf((await byFields('keepMatches', { outputDataFrom: 'input1' })).outputs[0])).toEqual([
      { id: 1, name: 'a', side: 1 },
      { id: 2, name: 'b', side: 1 },
    ]);
    const two = await byFields('keepMatches', { outputDataFrom: 'input2' });
    expect(two.outputs[0]?.map((item) => item.pairedItem)).toEqual([
      { item: 0, input: 1 },
      { item: 1, input: 1 },
      { item: 2, input: 1 },
    ]);
  });

  it('keeps non-matches of both inputs or of one', async () => {
    expect(jsonOf((await byFields('keepNonMatches')).outputs[0])).toEqual([
      { id: 3, name: 'c', side: 1 },
      { key: '3', extra: 'w', side: 2 },
      { key: 9, extra: 'v', side: 2 },
    ]);
    expect(jsonOf((await byFields('keepNonMatches', { outputDataFrom: 'input1' })).outputs[0])).toEqual([
      { id: 3, name: 'c', side: 1 },
    ]);
    expect(
      (await byFields('keepNonMatches', { outputDataFrom: 'input2' })).outputs[0]?.map((i) => i.pairedItem),
    ).toEqual([
      { item: 3, input: 1 },
      { item: 4, input: 1 },
    ]);
  });

  it('keeps everything: merged matches in input 1 order, then unmatched input 2 items', async () => {
    const { outputs } = await byFields('keepEverything');
    expect(jsonOf(outputs[0]).map((json) => [json.id, json.extra])).toEqual([
      [1, 'y'],
      [2, 'x'],
      [2, 'z'],
      [3, undefined],
      [undefined, 'w'],
      [undefined, 'v'],
    ]);
  });

  it('enriches input 1 or input 2', async () => {
    expect(jsonOf((await byFields('enrichInput1')).outputs[0]).map((json) => [json.id, json.extra])).toEqual([
      [1, 'y'],
      [2, 'x'],
      [2, 'z'],
      [3, undefined],
    ]);
    const enriched2 = await byFields('enrichInput2');
    expect(jsonOf(enriched2.outputs[0]).map((json) => [json.key, json.name])).toEqual([
      [2, 'b'],
      [1, 'a'],
      [2, 'b'],
      ['3', undefined],
      [9, undefined],
    ]);
    expect(enriched2.outputs[0]?.[3]?.pairedItem).toEqual({ item: 3, input: 1 });
  });

  it('matches on nested fields and several field pairs', async () => {
    const { outputs } = await runNode(mergeNode, {
      inputs: [
        toItems([
          { u: { id: 1 }, t: 'a' },
          { u: { id: 1 }, t: 'b' },
        ]),
        toItems([{ uid: 1, type: 'b', hit: true }]),
      ],
      parameters: {
        mode: 'combineByFields',
        fieldsToMatch: {
          values: [
            { field1: 'u.id', field2: 'uid' },
            { field1: 't', field2: 'type' },
          ],
        },
      },
    });
    expect(jsonOf(outputs[0])).toEqual([{ u: { id: 1 }, t: 'b', uid: 1, type: 'b', hit: true }]);
  });

  it('rejects missing fields to match and unknown join modes', async () => {
    const none = await runNodeExpectingError(mergeNode, { parameters: { mode: 'combineByFields' } });
    expect(none.message).toBe('"fieldsToMatch" needs at least one pair of fields');
    const blank = await runNodeExpectingError(mergeNode, {
      parameters: { mode: 'combineByFields', fieldsToMatch: [{ field1: 'id', field2: '' }] },
    });
    expect(blank.code).toBe('NODE_PARAMETER_INVALID');
    const mode = await runNodeExpectingError(mergeNode, {
      parameters: { mode: 'combineByFields', fieldsToMatch: [{ field1: 'a', field2: 'b' }], joinMode: 'x' },
    });
    expect(mode.code).toBe('NODE_PARAMETER_INVALID');
    expect((await runNodeExpectingError(mergeNode, { parameters: { mode: 'nope' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });

  it('combines by position, dropping unpaired items unless includeUnpaired', async () => {
    const inputs = [
      toItems([
        { a: 1, s: 1 },
        { a: 2, s: 1 },
        { a: 3, s: 1 },
      ]),
      toItems([
        { b: 1, s: 2 },
        { b: 2, s: 2 },
      ]),
    ];
    const { outputs } = await runNode(mergeNode, { inputs, parameters: { mode: 'combineByPosition' } });
    expect(outputs[0]).toEqual([
      { json: { a: 1, b: 1, s: 2 }, pairedItem: [{ item: 0 }, { item: 0, input: 1 }] },
      { json: { a: 2, b: 2, s: 2 }, pairedItem: [{ item: 1 }, { item: 1, input: 1 }] },
    ]);
    const all = await runNode(mergeNode, {
      inputs,
      parameters: { mode: 'combineByPosition', options: { includeUnpaired: true } },
    });
    expect(all.outputs[0]?.[2]).toEqual({ json: { a: 3, s: 1 }, pairedItem: { item: 2 } });
  });

  it('merges binary data, input 2 winning on clashing keys', async () => {
    const file = (id: string) => ({ id, mimeType: 'text/plain' });
    const { outputs } = await runNode(mergeNode, {
      inputs: [
        [{ json: {}, binary: { a: file('1'), b: file('2') } }],
        [{ json: {}, binary: { b: file('3') } }],
      ],
      parameters: { mode: 'combineByPosition' },
    });
    expect(outputs[0]?.[0]?.binary).toEqual({ a: file('1'), b: file('3') });
  });

  it('outputs all combinations', async () => {
    const { outputs } = await runNode(mergeNode, {
      inputs: [toItems([{ a: 1 }, { a: 2 }]), toItems([{ b: 1 }, { b: 2 }])],
      parameters: { mode: 'combineAll' },
    });
    expect(jsonOf(outputs[0])).toEqual([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      { a: 2, b: 2 },
    ]);
    expect(outputs[0]?.[1]?.pairedItem).toEqual([{ item: 0 }, { item: 1, input: 1 }]);
  });

  it('chooses a branch: the data of one input, or a single empty item', async () => {
    const inputs = [toItems([{ a: 1 }]), toItems([{ b: 1 }, { b: 2 }])];
    const second = await runNode(mergeNode, {
      inputs,
      parameters: { mode: 'chooseBranch', useDataOfInput: 2 },
    });
    expect(second.outputs[0]).toEqual([
      { json: { b: 1 }, pairedItem: { item: 0, input: 1 } },
      { json: { b: 2 }, pairedItem: { item: 1, input: 1 } },
    ]);
    const first = await runNode(mergeNode, { inputs, parameters: { mode: 'chooseBranch' } });
    expect(jsonOf(first.outputs[0])).toEqual([{ a: 1 }]);
    const empty = await runNode(mergeNode, { inputs, parameters: { mode: 'chooseBranch', output: 'empty' } });
    expect(empty.outputs[0]).toEqual([
      { json: {}, pairedItem: [{ item: 0 }, { item: 0, input: 1 }, { item: 1, input: 1 }] },
    ]);
    const bad = await runNodeExpectingError(mergeNode, {
      inputs,
      parameters: { mode: 'chooseBranch', useDataOfInput: 3 },
    });
    expect(bad.message).toBe('"useDataOfInput" must be 1 or 2, not 3');
  });

  it('requires both inputs only in chooseBranch mode', () => {
    expect(mergeNode.requiredInputs?.({ mode: 'chooseBranch' })).toEqual([0, 1]);
    expect(mergeNode.requiredInputs?.({})).toEqual([]);
    expect(mergeNode.requiredInputs?.({ mode: 'combineByFields' })).toEqual([]);
  });
});
