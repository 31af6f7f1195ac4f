import { describe, expect, it } from 'vitest';
import { tokenize } from './fast-tokenizer.js';

const values = (code: string) => tokenize(code)?.map((token) => token.value) ?? null;

describe('tokenize', () => {
  it('splits names, punctuators, numbers and strings, skipping whitespace', () => {
    expect(tokenize(" $json.a\t>=\n1.5 ?? 'x'\r")).toEqual([
      { type: 'name', value: '$json' },
      { type: 'punctuator', value: '.' },
      { type: 'name', value: 'a' },
      { type: 'punctuator', value: '>=' },
      { type: 'number', value: 1.5, text: '1.5' },
      { type: 'punctuator', value: '??' },
      { type: 'string', value: 'x' },
    ]);
    expect(tokenize('   ')).toEqual([]);
  });

  it('takes the longest punctuator, as JavaScript does', () => {
    expect(values('a===b!==c==d!=e<=f>=g&&h||i')).toEqual(
      'a === b !== c == d != e <= f >= g && h || i'.split(' '),
    );
    expect(values('!!a')).toEqual(['!', '!', 'a']);
    expect(values('a?.b?.[0]')).toEqual(['a', '?.', 'b', '?.', '[', 0, ']']);
    // `?.` before a digit is a conditional followed by a number.
    expect(values('a?.5:1')).toEqual(['a', '?', 0.5, ':', 1]);
    expect(values('a - -b + +c')).toEqual(['a', '-', '-', 'b', '+', '+', 'c']);
  });

  it('reads decimal numbers', () => {
    for (const [text, value] of [
      ['0', 0],
      ['42', 42],
      ['3.25', 3.25],
      ['.5', 0.5],
      ['7.', 7],
      ['1e3', 1000],
      ['1E+3', 1000],
      ['2.5e-3', 0.0025],
      ['0.1', 0.1],
      ['0e5', 0],
      ['1.e2', 100],
      ['1e400', Number.POSITIVE_INFINITY],
    ] as const) {
      expect(tokenize(text), text).toEqual([{ type: 'number', value, text }]);
    }
  });

  it('rejects other number forms', () => {
    for (const code of [
      '0x1f',
      '0b1',
      '0o7',
      '017',
      '08',
      '00',
      '1_000',
      '5n',
      '1e',
      '1e+',
      '3in',
      '1.5x',
      '2é',
    ]) {
      expect(tokenize(code), code).toBeNull();
    }
  });

  it('reads strings with the simple escapes only', () => {
    expect(tokenize(String.raw`'a\'b\\c\n\t\r' "d\"e"`)).toEqual([
      { type: 'string', value: "a'b\\c\n\t\r" },
      { type: 'string', value: 'd"e' },
    ]);
    expect(values(`"it's" '"'`)).toEqual(["it's", '"']);
    for (const code of [
      String.raw`'\x41'`,
      String.raw`'\u0041'`,
      String.raw`'\0'`,
      String.raw`'\b'`,
      String.raw`'\
'`,
      "'a\nb'",
      "'a\rb'",
      "'a\u2028b'",
      "'open",
      '"open',
      "'a\\",
    ]) {
      expect(tokenize(code), code).toBeNull();
    }
  });

  it('rejects characters and tokens outside the language', () => {
    for (const code of [
      'a++',
      'a--b',
      'a ** 2',
      'a << 1',
      'a >> 1',
      'a >>> 1',
      'a // c',
      'a /* c */',
      'a <!-- b',
      '`t`',
      'a, b',
      'a; b',
      '{ a }',
      'a & b',
      'a | b',
      'a ^ b',
      '~a',
      '#a',
      '@a',
      'a\\u0062',
      'ab\u00e9',
      'a\u00a0b',
      'a\vb',
    ]) {
      expect(tokenize(code), code).toBeNull();
    }
  });

  it('bounds the number of tokens', () => {
    expect(tokenize(Array(128).fill('1').join('+'))).toHaveLength(255);
    expect(tokenize(Array(129).fill('1').join('+'))).toBeNull();
  });
});
