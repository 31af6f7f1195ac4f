import { mergeNode } from '@klikkflow/nodes';
import { jsonOf, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { mergeExport, mergeMappings } from './merge.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const type = 'n8n-nodes-base.merge';
const importMerge = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(mergeMappings, type, typeVersion, parameters);

async function merged(parameters: Record<string, unknown>, ...inputs: unknown[][]) {
  const { outputs } = await runNative(mergeNode, parameters, {
    inputs: inputs.map((input) => toItems(input)),
  });
  return jsonOf(outputs[0]);
}

const users = [
  { id: 1, name: 'ann' },
  { id: 2, name: 'bob' },
  { id: '3', name: 'cy' },
];
const orders = [{ userId: '1' }, { userId: 3 }];

describe('Merge v1 → core.merge', () => {
  it('merge by index (default left join) merges items at the same position and warns', async () => {
    // The corpus's merge@1 nodes are all {"mode": "mergeByIndex"}.
    const { parameters, warnings } = importMerge(1, { mode: 'mergeByIndex' });
    expect(warnings).toHaveLength(1);
    expect(await merged(parameters, [{ a: 1 }, { a: 2 }], [{ b: 1 }, { b: 2 }])).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 2 },
    ]);
  });

  it('merge by index with an inner join stops at the shorter input', async () => {
    const { parameters } = importMerge(1, { mode: 'mergeByIndex', join: 'inner' });
    expect(await merged(parameters, [{ a: 1 }, { a: 2 }, { a: 3 }], [{ b: 1 }])).toEqual([{ a: 1, b: 1 }]);
  });

  it('keeps and removes key matches comparing keys as text', async () => {
    const keep = importMerge(1, { mode: 'keepKeyMatches', propertyName1: 'id', propertyName2: 'userId' });
    expect(await merged(keep.parameters, users, orders)).toEqual([users[0], users[2]]);
    const remove = importMerge(1, { mode: 'removeKeyMatches', propertyName1: 'id', propertyName2: 'userId' });
    expect(await merged(remove.parameters, users, orders)).toEqual([users[1]]);
  });

  it('merges by key into input 1, warning about the differences', async () => {
    const { parameters, warnings } = importMerge(1, {
      mode: 'mergeByKey',
      propertyName1: 'id',
      propertyName2: 'id',
    });
    expect(warnings).toHaveLength(1);
    expect(await merged(parameters, users.slice(0, 2), [{ id: 1, email: 'ann@example.com' }])).toEqual([
      { id: 1, name: 'ann', email: 'ann@example.com' },
      { id: 2, name: 'bob' },
    ]);
  });

  it('multiplex, pass-through and wait', async () => {
    const multiplex = importMerge(1, { mode: 'multiplex' });
    expect(await merged(multiplex.parameters, [{ a: 1 }, { a: 2 }], [{ b: 1 }])).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 1 },
    ]);
    const passThrough = importMerge(1, { mode: 'passThrough', output: 'input2' });
    expect(await merged(passThrough.parameters, [{ a: 1 }], [{ b: 1 }, { b: 2 }])).toEqual([
      { b: 1 },
      { b: 2 },
    ]);
    const wait = importMerge(1, { mode: 'wait' });
    expect(await merged(wait.parameters, [{ a: 1 }], [{ b: 1 }])).toEqual([{}]);
  });

  it('rejects merge by key overwriting only blank values', () => {
    expect(() =>
      importMerge(1, { mode: 'mergeByKey', propertyName1: 'id', propertyName2: 'id', overwrite: 'blank' }),
    ).toThrow(UnsupportedVariantError);
  });
});

describe('Merge v2–2.1 → core.merge', () => {
  it("combines by position (the corpus's most common merge@2.1)", async () => {
    const { parameters } = importMerge(2.1, {
      mode: 'combine',
      options: {},
      combinationMode: 'mergeByPosition',
    });
    expect(await merged(parameters, [{ url: 'a' }, { url: 'b' }], [{ title: 'A' }, { title: 'B' }])).toEqual([
      { url: 'a', title: 'A' },
      { url: 'b', title: 'B' },
    ]);
  });

  it('merges by fields (the default combination) enriching input 1', async () => {
    const { parameters } = importMerge(2.1, {
      mode: 'combine',
      mergeByFields: { values: [{ field1: 'name', field2: 'country' }] },
      joinMode: 'enrichInput1',
      options: {},
    });
    expect(
      await merged(parameters, [{ name: 'NO', population: 5 }], [{ country: 'NO', capital: 'Oslo' }]),
    ).toEqual([{ name: 'NO', population: 5, country: 'NO', capital: 'Oslo' }]);
  });

  it('warns about clash handling it cannot follow and rejects field-name suffixes', () => {
    // From the "Send specific PDF attachments" template (merge@2).
    const preferInput1 = {
      mode: 'combine',
      options: { clashHandling: { values: { resolveClash: 'preferInput1' } } },
      combinationMode: 'mergeByPosition',
    };
    expect(importMerge(2, preferInput1).warnings).toHaveLength(1);
    const suffix = { ...preferInput1, options: { clashHandling: { values: { resolveClash: 'addSuffix' } } } };
    expect(() => importMerge(2, suffix)).toThrow(UnsupportedVariantError);
  });

  it('chooses a branch', async () => {
    const { parameters } = importMerge(2, { mode: 'chooseBranch', output: 'input2' });
    expect(await merged(parameters, [{ a: 1 }], [{ b: 2 }])).toEqual([{ b: 2 }]);
  });
});

describe('Merge v3+ → core.merge', () => {
  it('combines by a matching field named once (fieldsToMatchString)', async () => {
    const { parameters } = importMerge(3, { mode: 'combine', options: {}, fieldsToMatchString: 'id' });
    expect(
      await merged(
        parameters,
        [
          { id: 1, a: 'x' },
          { id: 2, a: 'y' },
        ],
        [
          { id: 2, b: 'z' },
          { id: 9, b: 'w' },
        ],
      ),
    ).toEqual([{ id: 2, a: 'y', b: 'z' }]);
  });

  it('keeps the non-matches of input 2', async () => {
    const { parameters } = importMerge(3, {
      mode: 'combine',
      fieldsToMatchString: 'username',
      joinMode: 'keepNonMatches',
      outputDataFrom: 'input2',
      options: {},
    });
    expect(
      await merged(parameters, [{ username: 'ann' }], [{ username: 'ann' }, { username: 'bob' }]),
    ).toEqual([{ username: 'bob' }]);
  });

  it('combines three inputs by position and appends three inputs', async () => {
    const position = importMerge(3, {
      mode: 'combine',
      combineBy: 'combineByPosition',
      numberInputs: 3,
      options: {},
    });
    expect(await merged(position.parameters, [{ a: 1 }], [{ b: 2 }], [{ c: 3 }])).toEqual([
      { a: 1, b: 2, c: 3 },
    ]);
    const append = importMerge(3.2, { numberInputs: 3 });
    expect(await merged(append.parameters, [{ a: 1 }], [{ b: 2 }], [{ c: 3 }])).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
    ]);
  });

  it('all possible combinations', async () => {
    const { parameters } = importMerge(3, { mode: 'combine', options: {}, combineBy: 'combineAll' });
    expect(await merged(parameters, [{ q: 'a' }, { q: 'b' }], [{ r: 1 }])).toEqual([
      { q: 'a', r: 1 },
      { q: 'b', r: 1 },
    ]);
  });

  it('rejects the SQL query mode and choosing among more than two inputs', () => {
    expect(() => importMerge(3, { mode: 'combineBySql', numberInputs: 3, query: 'SELECT 1' })).toThrow(
      UnsupportedVariantError,
    );
    expect(() => importMerge(3, { mode: 'chooseBranch', numberInputs: 3, useDataOfInput: 3 })).toThrow(
      UnsupportedVariantError,
    );
  });

  it('exports as Merge v3.2 with equivalent parameters', () => {
    const original = { mode: 'combine', options: {}, fieldsToMatchString: 'id' };
    const { parameters } = importMerge(3, original);
    const exported = mergeExport.toN8n?.(parameters) ?? {};
    expect(exported).toEqual({ ...original, joinMode: 'keepMatches', outputDataFrom: 'both' });
    expect(importMerge(mergeExport.typeVersion, exported).parameters).toEqual(parameters);
    const pairs = importMerge(3, {
      mode: 'combine',
      advanced: true,
      mergeByFields: { values: [{ field1: 'id', field2: 'uid' }] },
    });
    expect(mergeExport.toN8n?.(pairs.parameters)).toMatchObject({
      advanced: true,
      mergeByFields: { values: [{ field1: 'id', field2: 'uid' }] },
    });
  });
});
