import { serializeError } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { type ConditionOptions, matchesConditions } from './filter-conditions.js';

const cond = (type: string, operation: string, leftValue?: unknown, rightValue?: unknown) => ({
  leftValue,
  rightValue,
  operator: { type, operation },
});
const check = (condition: ReturnType<typeof cond>, options: ConditionOptions = {}) =>
  matchesConditions({ conditions: [condition] }, options, 0);
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return serializeError(error);
  }
  throw new Error('expected a failure');
};

describe('matchesConditions', () => {
  it.each([
    ['exists', 'a', true],
    ['exists', '', true],
    ['exists', undefined, false],
    ['exists', null, false],
    ['notExists', undefined, true],
    ['notExists', 0, false],
    ['empty', '', true],
    ['empty', [], true],
    ['empty', {}, true],
    ['empty', null, true],
    ['empty', 'x', false],
    ['notEmpty', [1], true],
    ['notEmpty', undefined, false],
  ])('%s on %j is %s whatever the type', (operation, left, expected) => {
    expect(check(cond('number', operation, left))).toBe(expected);
    expect(check(cond('object', operation, left))).toBe(expected);
  });

  it.each([
    ['equals', 'abc', 'abc', true],
    ['equals', 'abc', 'ABC', false],
    ['notEquals', 'abc', 'abd', true],
    ['contains', 'hello world', 'lo w', true],
    ['notContains', 'hello', 'z', true],
    ['startsWith', 'hello', 'he', true],
    ['notStartsWith', 'hello', 'he', false],
    ['endsWith', 'hello', 'llo', true],
    ['notEndsWith', 'hello', 'llo', false],
    ['regex', 'order-123', '^order-\\d+$', true],
    ['regex', 'ORDER-1', '/^order/i', true],
    ['notRegex', 'abc', '\\d', true],
    ['contains', undefined, 'a', false],
  ])('string %s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check(cond('string', operation, left, right))).toBe(expected);
  });

  it('compares text case-insensitively when caseSensitive is off (node option or filter option)', () => {
    expect(check(cond('string', 'equals', 'abc', 'ABC'), { caseSensitive: false })).toBe(true);
    expect(check(cond('string', 'regex', 'ABC', '^abc$'), { caseSensitive: false })).toBe(true);
    const filter = {
      conditions: [cond('string', 'startsWith', 'Hello', 'HE')],
      options: { caseSensitive: false },
    };
    expect(matchesConditions(filter, {}, 0)).toBe(true);
    expect(matchesConditions(filter, { caseSensitive: true }, 0)).toBe(false);
  });

  it.each([
    ['equals', 3, 3, true],
    ['notEquals', 3, 4, true],
    ['gt', 5, 3, true],
    ['gt', 3, 3, false],
    ['gte', 3, 3, true],
    ['lt', 2, 3, true],
    ['lte', 4, 3, false],
    ['gt', null, 3, false],
  ])('number %s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check(cond('number', operation, left, right))).toBe(expected);
  });

  it.each([
    ['after', '2024-02-01T00:00:00Z', '2024-01-01', true],
    ['before', '2024-02-01T00:00:00Z', '2024-01-01', false],
    ['afterOrEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z', true],
    ['beforeOrEquals', '2023-12-31', '2024-01-01', true],
    ['equals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z', true],
    ['notEquals', '2024-01-01', '2024-01-02', true],
  ])('dateTime %s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check(cond('dateTime', operation, left, right))).toBe(expected);
  });

  it.each([
    ['true', true, undefined, true],
    ['true', false, undefined, false],
    ['false', false, undefined, true],
    ['equals', true, true, true],
    ['notEquals', true, true, false],
  ])('boolean %s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check(cond('boolean', operation, left, right))).toBe(expected);
  });

  it.each([
    ['contains', [1, 2, 3], 2, true],
    ['contains', ['A', 'b'], 'a', false],
    ['notContains', [1, 2], 3, true],
    ['lengthEquals', [1, 2], 2, true],
    ['lengthNotEquals', [1, 2], 2, false],
    ['lengthGt', [1, 2], 1, true],
    ['lengthGte', [1], 2, false],
    ['lengthLt', [], 1, true],
    ['lengthLte', [1, 2, 3], 3, true],
  ])('array %s(%j, %j) is %s', (operation, left, right, expected) => {
    expect(check(cond('array', operation, left, right))).toBe(expected);
  });

  it('applies case-insensitivity to string elements of arrays', () => {
    expect(check(cond('array', 'contains', ['A', 'b'], 'a'), { caseSensitive: false })).toBe(true);
  });

  it('joins conditions with and (default) or or; no conditions match', () => {
    const yes = cond('boolean', 'true', true);
    const no = cond('boolean', 'true', false);
    expect(matchesConditions({ conditions: [yes, no] }, {}, 0)).toBe(false);
    expect(matchesConditions({ combinator: 'or', conditions: [no, yes] }, {}, 0)).toBe(true);
    expect(matchesConditions({ combinator: 'or', conditions: [no, no] }, {}, 0)).toBe(false);
    expect(matchesConditions({ conditions: [] }, {}, 0)).toBe(true);
    expect(matchesConditions({ conditions: { conditions: [no] } }, {}, 0)).toBe(false);
  });

  it('fails on a type mismatch in strict mode, naming condition, item and type', () => {
    const error = failure(() => matchesConditions({ conditions: [cond('number', 'gt', '5', 3)] }, {}, 4));
    expect(error.code).toBe('NODE_PARAMETER_INVALID');
    expect(error.message).toBe(
      'condition 0 (item 4): left value 5 is a string but the operator expects a number; ' +
        'turn on loose type validation to convert it',
    );
    expect(failure(() => check(cond('string', 'equals', 'a', 1))).message).toContain(
      'right value 1 is a number',
    );
    expect(failure(() => check(cond('dateTime', 'after', 'not a date', '2024-01-01'))).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
    expect(failure(() => check(cond('array', 'lengthGt', 'x', 1))).message).toContain('expects an array');
  });

  it('converts values with loose type validation (node option or filter typeValidation)', () => {
    expect(check(cond('number', 'gt', '5', 3), { looseTypeValidation: true })).toBe(true);
    expect(check(cond('boolean', 'true', 'true'), { looseTypeValidation: true })).toBe(true);
    expect(check(cond('string', 'equals', 5, '5'), { looseTypeValidation: true })).toBe(true);
    expect(check(cond('array', 'contains', '[1,2]', 2), { looseTypeValidation: true })).toBe(true);
    expect(
      check(cond('dateTime', 'after', 1_800_000_000_000, '2024-01-01'), { looseTypeValidation: true }),
    ).toBe(true);
    const filter = { conditions: [cond('number', 'equals', '7', 7)], options: { typeValidation: 'loose' } };
    expect(matchesConditions(filter, {}, 0)).toBe(true);
    const unconvertible = failure(() => check(cond('number', 'gt', 'abc', 1), { looseTypeValidation: true }));
    expect(unconvertible.message).toBe(
      'condition 0 (item 0): left value abc is a string but the operator expects a number',
    );
  });

  it('rejects unknown operators, bad regexes and malformed filters', () => {
    expect(failure(() => check(cond('string', 'toString', 'a'))).message).toBe(
      'condition 0 (item 0): unknown operator string.toString',
    );
    expect(failure(() => check(cond('nope', 'equals', 'a'))).code).toBe('NODE_PARAMETER_INVALID');
    expect(failure(() => check(cond('string', 'regex', 'a', '('))).message).toMatch(
      /^invalid regular expression "\("/,
    );
    expect(failure(() => matchesConditions('x', {}, 2)).message).toBe(
      'conditions (item 2) must be an object with a "conditions" list',
    );
    expect(failure(() => matchesConditions({ combinator: 'xor', conditions: [] }, {}, 0)).code).toBe(
      'NODE_PARAMETER_INVALID',
    );
  });
});
