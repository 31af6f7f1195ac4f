import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { removeDuplicatesNode } from './remove-duplicates.node.js';

const items = [
  { id: 1, user: { email: 'a@x', tags: ['t'] }, seen: 1 },
  { id: 2, user: { tags: ['t'], email: 'a@x' }, seen: 2 },
  { id: 1, user: { email: 'a@x', tags: ['t'] }, seen: 1 },
  { id: 3, user: { email: 'b@x', tags: ['t'] }, seen: 1 },
  { id: 3, user: { email: 'b@x', tags: ['u'] }, seen: 1 },
];
const run = async (parameters: Record<string, unknown>, input: unknown[] = items) =>
  (await runNode(removeDuplicatesNode, { items: input, parameters })).outputs[0] ?? [];

describe('core.removeDuplicates', () => {
  it('compares all fields by default with deep equality, keeping the first, paired', async () => {
    expect(await run({})).toEqual([
      { json: items[0], pairedItem: { item: 0 } },
      { json: items[1], pairedItem: { item: 1 } },
      { json: items[3], pairedItem: { item: 3 } },
      { json: items[4], pairedItem: { item: 4 } },
    ]);
  });

  it('ignores listed fields with allFieldsExcept (nested object key order does not matter)', async () => {
    const out = await run({ compare: 'allFieldsExcept', fieldsToExclude: 'id, seen' });
    expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 3 }, { item: 4 }]);
  });

  it('compares only selected (nested) fields', async () => {
    const out = await run({ compare: 'selectedFields', fieldsToCompare: 'user.email' });
    expect(out.map((item) => item.json.id)).toEqual([1, 3]);
    const byTags = await run({ compare: 'selectedFields', fieldsToCompare: 'user.tags,seen' });
    expect(byTags.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 4 }]);
  });

  it('keeps only the compared fields with removeOtherFields', async () => {
    const out = await run({
      compare: 'selectedFields',
      fieldsToCompare: 'user.email, id',
      options: { removeOtherFields: true },
    });
    expect(out).toEqual([
      { json: { user: { email: 'a@x' }, id: 1 }, pairedItem: { item: 0 } },
      { json: { user: { email: 'a@x' }, id: 2 }, pairedItem: { item: 1 } },
      { json: { user: { email: 'b@x' }, id: 3 }, pairedItem: { item: 3 } },
    ]);
  });

  it('reads literal dotted keys with disableDotNotation; missing fields compare equal', async () => {
    const input = [{ 'a.b': 1, a: { b: 1 } }, { 'a.b': 1, a: { b: 2 } }, { x: 1 }, { x: 2 }];
    const literal = await run(
      { compare: 'selectedFields', fieldsToCompare: 'a.b', options: { disableDotNotation: true } },
      input,
    );
    expect(literal.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
    const nested = await run({ compare: 'selectedFields', fieldsToCompare: 'a.b' }, input);
    expect(nested.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('tells 1 from "1" and null from a missing field', async () => {
    const out = await run({}, [{ v: 1 }, { v: '1' }, { v: null }, {}, { v: 1 }]);
    expect(jsonOf(out)).toEqual([{ v: 1 }, { v: '1' }, { v: null }, {}]);
  });

  it('rejects unknown compare modes and an empty field list', async () => {
    const unknown = await runNodeExpectingError(removeDuplicatesNode, { parameters: { compare: 'some' } });
    expect(unknown.code).toBe('NODE_PARAMETER_INVALID');
    expect(unknown.message).toBe(
      '"compare" must be one of allFields, allFieldsExcept, selectedFields, not "some"',
    );
    const empty = await runNodeExpectingError(removeDuplicatesNode, {
      parameters: { compare: 'selectedFields', fieldsToCompare: ' , ' },
    });
    expect(empty.message).toBe('"Fields To Compare" needs at least one field');
    const bad = await runNodeExpectingError(removeDuplicatesNode, {
      parameters: { compare: 'allFieldsExcept', fieldsToExclude: 5 },
    });
    expect(bad.message).toBe('"fieldsToExclude" must be a comma-separated list of field names');
  });
});
