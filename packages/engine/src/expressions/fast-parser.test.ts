import { describe, expect, it } from 'vitest';
import { type FastNode, parseExpression } from './fast-parser.js';

/** The parse tree as fully parenthesised text, to check grouping. */
function show(node: FastNode): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
    case 'path': {
      const root = node.access.root === 'json' ? '$json' : '$binary';
      return root + node.access.steps.map((step) => `${step.optional ? '?.' : '.'}${step.key}`).join('');
    }
    case 'unary':
      return `(${node.operator}${show(node.operand)})`;
    case 'binary':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
    case 'conditional':
      return `(${show(node.test)} ? ${show(node.consequent)} : ${show(node.alternate)})`;
  }
}

function parsed(code: string): string {
  const node = parseExpression(code);
  if (!node) throw new Error(`not parsed: ${code}`);
  return show(node);
}

describe('parseExpression: precedence and associativity', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3', '((1 * 2) + 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['7 % 4 * 2', '((7 % 4) * 2)'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['1 + 2 < 3 * 4', '((1 + 2) < (3 * 4))'],
    ['1 < 2 < 3', '((1 < 2) < 3)'],
    ['1 <= 2 == 3 >= 4', '((1 <= 2) == (3 >= 4))'],
    ['1 > 2 != 3', '((1 > 2) != 3)'],
    ['1 === 2 !== 3', '((1 === 2) !== 3)'],
    ['1 == 2 && 3 != 4', '((1 == 2) && (3 != 4))'],
    ['1 || 2 && 3', '(1 || (2 && 3))'],
    ['1 && 2 || 3', '((1 && 2) || 3)'],
    ['1 || 2 || 3', '((1 || 2) || 3)'],
    ['1 ?? 2 ?? 3', '((1 ?? 2) ?? 3)'],
    ['1 ?? 2 == 3', '(1 ?? (2 == 3))'],
    ['1 ?? (2 || 3)', '(1 ?? (2 || 3))'],
    ['(1 ?? 2) || 3', '((1 ?? 2) || 3)'],
    ['1 && !(2 ?? 3)', '(1 && (!(2 ?? 3)))'],
    ['-1 * -2', '((-1) * (-2))'],
    ['- -1', '(-(-1))'],
    ['!!true', '(!(!true))'],
    ['+"3" + -"2"', '((+"3") + (-"2"))'],
    ['!1 == 2', '((!1) == 2)'],
    ['1 ? 2 : 3 ? 4 : 5', '(1 ? 2 : (3 ? 4 : 5))'],
    ['1 ? 2 ? 3 : 4 : 5', '(1 ? (2 ? 3 : 4) : 5)'],
    ['1 || 2 ? 3 + 4 : 5 ?? 6', '((1 || 2) ? (3 + 4) : (5 ?? 6))'],
    ['(1 ? 2 : 3) ? 4 : 5', '((1 ? 2 : 3) ? 4 : 5)'],
    ['((((1))))', '1'],
    ['$json.a?.5:1', '($json.a ? 0.5 : 1)'],
  ])('%s', (code, expected) => {
    expect(parsed(code)).toBe(expected);
  });
});

describe('parseExpression: operands', () => {
  it('reads literals', () => {
    expect(parseExpression('true')).toEqual({ kind: 'literal', value: true });
    expect(parseExpression('false')).toEqual({ kind: 'literal', value: false });
    expect(parseExpression('null')).toEqual({ kind: 'literal', value: null });
    expect(parseExpression('undefined')).toEqual({ kind: 'literal', value: undefined });
    expect(parseExpression("'s'")).toEqual({ kind: 'literal', value: 's' });
    expect(parseExpression('2.5e1')).toEqual({ kind: 'literal', value: 25 });
  });

  it('reads data paths with every kind of step', () => {
    expect(parseExpression(`$json.a?.b['c d']["e"][0]?.[12].if`)).toEqual({
      kind: 'path',
      access: {
        root: 'json',
        steps: [
          { key: 'a', optional: false },
          { key: 'b', optional: true },
          { key: 'c d', optional: false },
          { key: 'e', optional: false },
          { key: '0', optional: false },
          { key: '12', optional: true },
          { key: 'if', optional: false },
        ],
      },
    });
    expect(parsed('$binary.data.fileName')).toBe('$binary.data.fileName');
    expect(parsed('$input.item.json.x')).toBe('$json.x');
    expect(parsed('$input . item . binary')).toBe('$binary');
    expect(parsed('$json')).toBe('$json');
  });
});

describe('parseExpression: rejections', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'blank'],
    ['$json.a()', 'call'],
    ['$json.a.b.toUpperCase()', 'method call'],
    ['Math.max(1, 2)', 'global'],
    ['new Date()', 'new'],
    ['$json.a = 1', 'assignment'],
    ['$json.a += 1', 'compound assignment'],
    ['$json.a ??= 1', 'logical assignment'],
    ['x => x', 'arrow'],
    ['() => 1', 'arrow'],
    ['`a$' + '{1}`', 'template literal'],
    ['`plain`', 'template literal'],
    ['/a/.test("a")', 'regex'],
    ['1 + /a/', 'regex operand'],
    ['1, 2', 'comma'],
    ["'a' in $json", 'in'],
    ['$json instanceof Object', 'instanceof'],
    ['typeof $json.a', 'typeof'],
    ['void 0', 'void'],
    ['this', 'this'],
    ['foo', 'other identifier'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['$now', 'other root'],
    ['$jsonx.a', 'longer name'],
    ['$input.item', 'incomplete root'],
    ['$input.all()', 'input method'],
    ['$input?.item.json', 'optional root step'],
    ['$json.constructor', 'prototype key'],
    ['$json.__proto__', 'prototype key'],
    ['$json["__proto__"]', 'prototype key'],
    ['$json.a.constructor.name', 'prototype key'],
    ['$json.toString', 'prototype key'],
    ['$json.a.prototype', 'prototype key'],
    ['$json[$json.k]', 'computed key'],
    ['$json[-1]', 'negative index'],
    ['$json[01]', 'legacy octal index'],
    ['$json[1.5]', 'decimal index'],
    ['$json[1e2]', 'exponent index'],
    ['$json[true]', 'boolean key'],
    ['$json["a"', 'unclosed bracket'],
    ['$json.', 'dangling dot'],
    ['$json.a..b', 'double dot'],
    ['$json?.(1)', 'optional call'],
    ['$json.5', 'number after dot'],
    ['$json a', 'juxtaposition'],
    ['($json).a', 'member of a group'],
    ["'abc'.length", 'member of a literal'],
    ['1_000', 'numeric separator'],
    ['0x10', 'hex'],
    ['10n', 'bigint'],
    ['2 ** 3', 'exponent operator'],
    ['1 ?? 2 || 3', '?? then ||'],
    ['1 || 2 ?? 3', '|| then ??'],
    ['1 && 2 ?? 3', '&& then ??'],
    ['1 ?? 2 && 3', '?? then &&'],
    ['1 ? 2 : 3 ?? 4 || 5', '?? mix in a branch'],
    ['1 ? 2', 'no alternate'],
    ['1 ? 2 :', 'empty alternate'],
    ['(1 + 2', 'unclosed group'],
    ['1 + 2)', 'extra paren'],
    ['()', 'empty group'],
    ['1 +', 'dangling operator'],
    ['* 1', 'leading operator'],
    ['-', 'lone minus'],
    ['!', 'lone not'],
    ['1 2', 'two literals'],
  ])('%s (%s)', (code) => {
    expect(parseExpression(code)).toBeNull();
  });
});
