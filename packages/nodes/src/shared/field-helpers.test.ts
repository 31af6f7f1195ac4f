import { serializeError } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { listParameter, parseFieldList } from './field-list.js';
import { deleteField, getField, omitFields, pickFields, setField } from './field-path.js';
import { convertValue } from './type-conversion.js';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return serializeError(error);
  }
  throw new Error('expected a failure');
};

describe('field lists', () => {
  it('parses comma lists and arrays, trimming and dropping blanks', () => {
    expect(parseFieldList(' a, b ,, c ', 'f')).toEqual(['a', 'b', 'c']);
    expect(parseFieldList(['x', ' y '], 'f')).toEqual(['x', 'y']);
    expect(parseFieldList(undefined, 'f')).toEqual([]);
    expect(failure(() => parseFieldList(3, 'fields'))).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"fields" must be a comma-separated list of field names',
    });
  });

  it('reads list parameters as arrays or n8n one-key wrappers', () => {
    expect(listParameter([1], 'l')).toEqual([1]);
    expect(listParameter({ values: [2] }, 'l')).toEqual([2]);
    expect(listParameter({}, 'l')).toEqual([]);
    expect(listParameter(null, 'l')).toEqual([]);
    expect(failure(() => listParameter('x', 'rules')).message).toBe('"rules" must be a list');
    expect(failure(() => listParameter({ a: [1], b: [2] }, 'rules')).code).toBe('NODE_PARAMETER_INVALID');
  });
});

describe('field paths', () => {
  it('gets nested and indexed fields, or literal keys without dot notation', () => {
    const json = { a: { b: [{ c: 1 }] }, 'a.b': 2 };
    expect(getField(json, 'a.b[0].c')).toBe(1);
    expect(getField(json, 'a.b', false)).toBe(2);
    expect(getField(json, 'a.x.y')).toBeUndefined();
  });

  it('sets and deletes without mutating shared nested objects', () => {
    const shared = Object.freeze({ b: Object.freeze({ c: 1 }), d: 2 });
    const target: Record<string, unknown> = { a: shared, s: 'text' };
    setField(target, 'a.b.e', 3);
    setField(target, 's.t', 4);
    deleteField(target, 'a.d');
    deleteField(target, 'missing.path');
    expect(target).toEqual({ a: { b: { c: 1, e: 3 } }, s: { t: 4 } });
    expect(shared).toEqual({ b: { c: 1 }, d: 2 });
  });

  it('picks and omits fields into new objects', () => {
    const json = Object.freeze({ a: Object.freeze({ x: 1, y: 2 }), b: 3 });
    expect(pickFields(json, ['a.y', 'nope'])).toEqual({ a: { y: 2 } });
    expect(omitFields(json, ['a.x', 'b'])).toEqual({ a: { y: 2 } });
    expect(omitFields({ 'a.x': 1, a: { x: 2 } }, ['a.x'], false)).toEqual({ a: { x: 2 } });
  });
});

describe('convertValue', () => {
  const site = { field: 'f', itemIndex: 0 };
  it('converts numbers, booleans, arrays, objects and text', () => {
    expect(convertValue(' 12 ', 'number', site)).toBe(12);
    expect(convertValue(1, 'boolean', site)).toBe(true);
    expect(convertValue('FALSE', 'boolean', site)).toBe(false);
    expect(convertValue([1], 'array', site)).toEqual([1]);
    expect(convertValue({ a: 1 }, 'object', site)).toEqual({ a: 1 });
    expect(convertValue(true, 'string', site)).toBe('true');
    expect(convertValue(undefined, 'number', site)).toBeUndefined();
  });

  it('rejects non-finite numbers, other types and unknown target types', () => {
    expect(failure(() => convertValue(Number.NaN, 'number', site)).code).toBe('NODE_PARAMETER_INVALID');
    expect(failure(() => convertValue('1e999', 'number', site)).code).toBe('NODE_PARAMETER_INVALID');
    expect(failure(() => convertValue(true, 'number', site)).message).toBe(
      'field "f" (item 0): cannot convert boolean true to number',
    );
    expect(failure(() => convertValue({}, 'boolean', site)).message).toBe(
      'field "f" (item 0): cannot convert an object to boolean',
    );
    expect(failure(() => convertValue(1, 'date' as 'string', site)).message).toBe(
      'field "f" has an unknown type "date"',
    );
  });
});
