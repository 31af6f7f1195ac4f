import { serializeError } from '@klikkflow/types';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { choice, wholeNumber } from './choice.js';
import { parseDateValue, resolveTimezone } from './date-values.js';
import { compileUserRegex } from './safe-regex.js';
import { canonicalKey, deepEqual, looseEqual } from './value-equality.js';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return serializeError(error);
  }
  throw new Error('expected a failure');
};

describe('value equality', () => {
  it('compares deeply, ignoring key order, telling types, null and missing apart', () => {
    expect(deepEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
    expect(deepEqual(null, undefined)).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
  });

  it('gives equal canonical keys exactly to deeply equal values', () => {
    expect(canonicalKey({ b: [1, 'x'], a: true })).toBe(canonicalKey({ a: true, b: [1, 'x'] }));
    const distinct = [1, '1', true, 'true', null, 'null', undefined, [], {}, [1], { '0': 1 }, -0 + 1];
    const keys = new Set(distinct.slice(0, -1).map(canonicalKey));
    expect(keys.size).toBe(distinct.length - 1);
    expect(canonicalKey(-0)).toBe(canonicalKey(0));
  });

  it('treats same-text primitives as loosely equal, never null or objects', () => {
    expect(looseEqual(3, '3')).toBe(true);
    expect(looseEqual(true, 'true')).toBe(true);
    expect(looseEqual(null, 'null')).toBe(false);
    expect(looseEqual({ a: 1 }, '{"a":1}')).toBe(false);
    expect(looseEqual({ a: 1 }, { a: 1 })).toBe(true);
  });
});

describe('choice and wholeNumber', () => {
  it('accept allowed values and name parameter and item otherwise', () => {
    expect(choice('b', ['a', 'b'], 'p')).toBe('b');
    expect(failure(() => choice(1, ['a'], 'p', 3))).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"p" (item 3) must be one of a, not 1',
    });
    expect(wholeNumber('4', 'n', 1)).toBe(4);
    expect(failure(() => wholeNumber(0.5, 'n', 0)).message).toBe(
      '"n" must be a whole number of at least 0, not 0.5',
    );
  });
});

describe('safe regex', () => {
  it('compiles ordinary patterns with flags', () => {
    expect(compileUserRegex('^a(b|c)+\\d{2}$', 'i', 'p').test('ABCB12')).toBe(true);
    expect(compileUserRegex('(ab)+', 'g', 'p').flags).toBe('g');
    for (const pattern of [
      '(a+)?',
      '(a+){1}',
      '(a+){0,1}',
      '([+*]a)+',
      '(\\d\\+)+',
      '(a)+(b+)',
      'x{2}(y)+',
    ]) {
      expect(compileUserRegex(pattern, '', 'p'), pattern).toBeInstanceOf(RegExp);
    }
  });

  it('refuses nested quantifiers, over-long patterns and non-strings', () => {
    for (const pattern of [
      '(a+)+',
      '(a*)*b',
      '((ab)+)+',
      '((a)+b)*',
      '(\\d+){2,}',
      '(.*a){3,5}',
      '(x{2,})+',
    ]) {
      expect(failure(() => compileUserRegex(pattern, '', 'p')).code, pattern).toBe('NODE_PARAMETER_INVALID');
    }
    expect(failure(() => compileUserRegex('x'.repeat(300), '', 'p')).message).toContain('longer than 256');
    expect(failure(() => compileUserRegex(5, '', 'p')).message).toBe('"p" needs a regular expression');
  });
});

describe('date values', () => {
  const site = { parameter: 'date', itemIndex: 2 };
  it('reads Luxon and JS dates, numbers and text in a zone', () => {
    const luxon = DateTime.fromISO('2024-01-01T00:00:00Z');
    expect(parseDateValue(luxon, 'Asia/Tokyo', site).toISO()).toBe('2024-01-01T09:00:00.000+09:00');
    expect(parseDateValue(new Date(0), 'UTC', site).toISO()).toBe('1970-01-01T00:00:00.000Z');
    expect(parseDateValue('2024-02-03 04:05:06', 'UTC', site).toISO()).toBe('2024-02-03T04:05:06.000Z');
    expect(parseDateValue('Sat, 03 Feb 2024 04:05:06 GMT', 'UTC', site).toISO()).toBe(
      '2024-02-03T04:05:06.000Z',
    );
  });

  it('rejects other values naming parameter and item', () => {
    expect(failure(() => parseDateValue({}, 'UTC', site)).message).toBe(
      '"date" (item 2): [object Object] is not a valid date',
    );
    expect(failure(() => parseDateValue(Number.NaN, 'UTC', site)).message).toBe(
      '"date" (item 2): NaN is not a valid date',
    );
  });

  it('resolves time zones, falling back to the workflow zone', () => {
    expect(resolveTimezone('', 'Europe/Oslo', site)).toBe('Europe/Oslo');
    expect(resolveTimezone(' UTC ', 'Europe/Oslo', site)).toBe('UTC');
    expect(failure(() => resolveTimezone(undefined, 'Nowhere', site)).message).toBe(
      '"date" (item 2): unknown time zone "Nowhere"',
    );
  });
});
