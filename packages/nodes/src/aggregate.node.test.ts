import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { aggregateNode } from './aggregate.node.js';

const items = [
  { name: 'a', tags: ['x'], meta: { n: 1 }, secret: 1 },
  { name: 'b', tags: ['y', 'z'], meta: { n: 2 }, secret: 2 },
  { tags: null, meta: {}, secret: 3 },
];
const field = (fieldToAggregate: string, outputFieldName?: string) =>
  outputFieldName ? { fieldToAggregate, renameField: true, outputFieldName } : { fieldToAggregate };

describe('core.aggregate', () => {
  it('collects individual fields into lists, skipping missing values, paired to every item', async () => {
    const { outputs } = await runNode(aggregateNode, {
      items,
      parameters: { fieldsToAggregate: [field('name'), field('tags'), field('meta.n', 'numbers')] },
    });
    expect(outputs[0]).toEqual([
      {
        json: { name: ['a', 'b'], tags: [['x'], ['y', 'z']], numbers: [1, 2] },
        pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
      },
    ]);
  });

  it('merges lists and keeps missing values as null with the options', async () => {
    const { outputs } = await runNode(aggregateNode, {
      items,
      parameters: {
        fieldsToAggregate: { fieldToAggregate: [field('tags'), field('name')] },
        options: { mergeLists: true, keepMissing: true },
      },
    });
    expect(jsonOf(outputs[0])).toEqual([{ tags: ['x', 'y', 'z', null], name: ['a', 'b', null] }]);
  });

  it('reads literal dotted keys with disableDotNotation', async () => {
    const { outputs } = await runNode(aggregateNode, {
      items: [{ 'a.b': 1 }, { a: { b: 2 } }],
      parameters: { fieldsToAggregate: [field('a.b')], options: { disableDotNotation: true } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ 'a.b': [1] }]);
  });

  it('aggregates all item data into a list, whole or filtered', async () => {
    const run = async (parameters: Record<string, unknown>) =>
      jsonOf(
        (
          await runNode(aggregateNode, {
            items: items.slice(0, 2),
            parameters: { aggregate: 'aggregateAllItemData', ...parameters },
          })
        ).outputs[0],
      );
    expect(await run({})).toEqual([{ data: items.slice(0, 2) }]);
    expect(
      await run({
        destinationFieldName: 'rows',
        include: 'specifiedFields',
        fieldsToInclude: 'name, meta.n',
      }),
    ).toEqual([
      {
        rows: [
          { name: 'a', meta: { n: 1 } },
          { name: 'b', meta: { n: 2 } },
        ],
      },
    ]);
    expect(await run({ include: 'allFieldsExcept', fieldsToExclude: 'secret,tags,meta' })).toEqual([
      { data: [{ name: 'a' }, { name: 'b' }] },
    ]);
  });

  it('outputs nothing for no items', async () => {
    expect((await runNode(aggregateNode, { inputs: [[]] })).outputs).toEqual([[]]);
  });

  it('rejects missing, blank and duplicate field names', async () => {
    const none = await runNodeExpectingError(aggregateNode, { items });
    expect(none.message).toBe('"Fields To Aggregate" needs at least one field');
    const blank = await runNodeExpectingError(aggregateNode, {
      items,
      parameters: { fieldsToAggregate: [field('')] },
    });
    expect(blank.code).toBe('NODE_PARAMETER_INVALID');
    const renamed = await runNodeExpectingError(aggregateNode, {
      items,
      parameters: { fieldsToAggregate: [{ fieldToAggregate: 'a', renameField: true }] },
    });
    expect(renamed.message).toBe('field to aggregate "a" has no output field name');
    const twice = await runNodeExpectingError(aggregateNode, {
      items,
      parameters: { fieldsToAggregate: [field('name'), field('tags', 'name')] },
    });
    expect(twice.message).toBe('the output field "name" is used more than once');
    const destination = await runNodeExpectingError(aggregateNode, {
      items,
      parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: '' },
    });
    expect(destination.code).toBe('NODE_PARAMETER_INVALID');
    expect((await runNodeExpectingError(aggregateNode, { items, parameters: { aggregate: 'x' } })).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });
});
