import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { compileFastPath, FAST_PATH_MISS } from './fast-path.js';
import { parseTemplate } from './template-parser.js';

const item: Item = {
  json: {
    value: 21,
    doubled: 42,
    price: 2.5,
    qty: 4,
    a: 12,
    b: 'y',
    name: 'Ada',
    nil: null,
    zero: 0,
    negZero: -0,
    text: '7',
    empty: '',
    t: true,
    f: false,
    obj: { k: 1 },
    list: [1, 2],
    nan: Number.NaN,
  },
  binary: { data: { id: 'b1', mimeType: 'text/plain', fileName: 'a.txt' } },
};

function run(template: string, ...data: [Item | undefined] | []): unknown {
  const evaluator = compileFastPath(parseTemplate(template));
  if (!evaluator) throw new Error(`not fast-pathable: ${template}`);
  return evaluator(data.length === 0 ? item : data[0]);
}

describe('fast path expressions: common cases', () => {
  it.each([
    ['$json.value * 2', 42],
    ['$json.doubled % 3', 0],
    ['$json.price * $json.qty + 1', 11],
    ["$json.a > 10 && $json.b !== 'x'", true],
    ["$json.name ?? 'unknown'", 'Ada'],
    ["$json.missing ?? 'unknown'", 'unknown'],
    ["$json.nil ?? 'unknown'", 'unknown'],
    ["$json.zero ?? 'unknown'", 0],
    ["$json.t ? 'yes' : 'no'", 'yes'],
    ["$json.empty ? 'yes' : 'no'", 'no'],
    ['-$json.value', -21],
    ['($json.a + $json.value) / 2', 16.5],
    ["'n: ' + $json.value", 'n: 21'],
    ['$json.text + 1', '71'],
    ['$json.text * 1', 7],
    ['+$json.text', 7],
    ['!$json.empty', true],
    ['$json.nil == undefined', true],
    ['$json.nil === undefined', false],
    ["$json.text == 7 && $json.text !== 7 && '10' < '9'", true],
    ['$json.t + $json.t', 2],
    ['$json.a >= 12 || $json.x.y', true],
    ['$json.zero && $json.x.y', 0],
    ['$json.f || $json.nil', null],
    ['$input.item.json.qty <= 4', true],
    ["$binary.data.fileName + '!'", 'a.txt!'],
    ['$json.negZero + 1', 1],
    ['1 / $json.negZero', FAST_PATH_MISS],
    ['$json.list.length - 1', 1],
    ['undefined ?? null', null],
    ['$json.missing', undefined],
    ['$json.list[5] === undefined', true],
  ])('%s', (code, expected) => {
    expect(run(`={{ ${code} }}`)).toBe(expected);
  });

  it('passes objects through the short-circuit operators by reference', () => {
    expect(run('={{ $json.missing ?? $json.obj }}')).toBe(item.json.obj);
    expect(run('={{ $json.t && $json.list }}')).toBe(item.json.list);
    expect(run('={{ $json.obj || 1 }}')).toBe(item.json.obj);
    expect(run('={{ $json.f ? 1 : $json.obj }}')).toBe(item.json.obj);
    expect(run('={{ $json.obj ? 1 : 2 }}')).toBe(1);
    expect(run('={{ !$json.obj }}')).toBe(false);
    expect(run('={{ !$json.list }}')).toBe(false);
  });

  it('evaluates literal-only expressions even without an item', () => {
    expect(run('={{ 1 + 1 }}', undefined)).toBe(2);
    expect(run("={{ 'a' + 'b' }}", undefined)).toBe('ab');
    expect(run('={{ $json.a + 1 }}', undefined)).toBe(FAST_PATH_MISS);
  });
});

describe('fast path expressions: misses', () => {
  it('leaves operators on objects and arrays to the sandbox', () => {
    for (const code of [
      '$json.obj + 1',
      '1 + $json.obj',
      '$json.list * 2',
      '-$json.obj',
      '+$json.list',
      '$json.obj == $json.obj',
      "$json.list < 'x'",
      '$json.obj === $json.obj',
      '$json + 1',
    ]) {
      expect(run(`={{ ${code} }}`), code).toBe(FAST_PATH_MISS);
    }
  });

  it('misses on NaN, infinite and negative-zero results', () => {
    expect(run('={{ $json.b * 2 }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.value / 0 }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ -$json.value / 0 }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ -$json.zero }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ 0 * -1 }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.missing + 1 }}')).toBe(FAST_PATH_MISS);
    // NaN in the data crosses as null: only the sandbox sees it that way.
    expect(run('={{ $json.nan ?? 1 }}')).toBe(FAST_PATH_MISS);
    // A non-finite intermediate is fine when the result is not.
    expect(run('={{ $json.value / 0 > 1 }}')).toBe(true);
  });

  it('propagates a miss through every operator', () => {
    for (const code of [
      '$json.x.y * 2',
      '2 * $json.x.y',
      '!$json.x.y',
      '-$json.x.y',
      '$json.x.y && 1',
      '$json.x.y || 1',
      '$json.x.y ?? 1',
      '$json.x.y ? 1 : 2',
      '$json.t ? $json.x.y : 2',
      '$json.f ? 1 : $json.x.y',
      '$json.nil ?? $json.x.y',
      '$json.zero || $json.x.y',
      '$json.t && $json.x.y',
    ]) {
      expect(run(`={{ ${code} }}`), code).toBe(FAST_PATH_MISS);
    }
  });

  it('misses on data JSON would change', () => {
    expect(run('={{ $json.d + 1 }}', { json: { d: new Date(0) } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.d ?? 1 }}', { json: { d: new Date(0) } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.f ?? 1 }}', { json: { f: () => 1 } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.b ?? 1 }}', { json: { b: 1n } })).toBe(FAST_PATH_MISS);
  });
});

describe('fast path expressions: mixed text', () => {
  it('stringifies computed values like the sandbox', () => {
    expect(run("=Total: {{ $json.price * $json.qty }} ({{ $json.b === 'y' }}) {{ $json.nil ?? '' }}!")).toBe(
      'Total: 10 (true) !',
    );
    expect(run('=[{{ $json.missing ?? null }}][{{ $json.t && $json.list }}]')).toBe('[][1,2]');
    expect(run('=x{{ $json.missing ?? $json.obj }}')).toBe('x[object Object]');
    expect(run('=x{{ -$json.zero }}')).toBe('x0');
  });

  it('misses where a part misses', () => {
    expect(run('=x{{ $json.obj * 2 }}')).toBe(FAST_PATH_MISS);
    expect(run('=x{{ $json.value / 0 }}')).toBe(FAST_PATH_MISS);
    expect(run('=x{{ $json.t && $json.d }}', { json: { t: true, d: new Date(0) } })).toBe(FAST_PATH_MISS);
  });
});
