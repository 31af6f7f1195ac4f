import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { compileFastPath, FAST_PATH_MISS } from './fast-path.js';
import { parseTemplate } from './template-parser.js';

const item: Item = {
  json: {
    a: { b: 'deep', 'x y': { c: 3 } },
    list: [10, 20, [30, null, undefined]],
    n: 0,
    nil: null,
    flag: false,
    text: 'hi',
    obj: { k: 1 },
    x: 'quoted',
    names: ['a', 'b'],
    tricky: { toString: 'not a function' },
    nested: [{ k: 1 }, [1, [2, 3]]],
  },
  binary: { data: { id: 'blob-1', mimeType: 'text/plain', fileName: 'a.txt' } },
  pairedItem: { item: 0 },
};

function run(template: string, ...data: [Item | undefined] | []): unknown {
  const evaluator = compileFastPath(parseTemplate(template));
  if (!evaluator) throw new Error(`not fast-pathable: ${template}`);
  return evaluator(data.length === 0 ? item : data[0]);
}

const isFast = (template: string) => compileFastPath(parseTemplate(template)) !== null;

describe('compileFastPath: which templates qualify', () => {
  it('accepts plain property paths on the current item', () => {
    for (const template of [
      '={{ $json.a.b }}',
      '={{$json["a b"].c}}',
      "={{ $json['x'] }}",
      '={{ $json.list[0] }}',
      '={{ $json.a?.b }}',
      '={{ $json.list?.[1] }}',
      '={{ $json }}',
      '={{ $binary.data.fileName }}',
      '={{ $input.item.json.x }}',
      '={{ $input.item.binary.data }}',
      '=text only',
      '=',
      '=id: {{ $json.n }} / {{ $json.text }}',
      '={{ $json["a\\"b"] }}',
      '={{ $json . a [ "b" ] }}',
      '=a {{ $json.a }} {{ 1 + 1 }}',
    ]) {
      expect(isFast(template), template).toBe(true);
    }
  });

  it('sends everything else to the sandbox', () => {
    for (const template of [
      '={{ $json.constructor }}',
      '={{ $json.__proto__ }}',
      '={{ $json["__proto__"] }}',
      '={{ $json.a.constructor.name }}',
      '={{ $json.toString }}',
      '={{ $json.a.prototype }}',
      '={{ $json.a.b.toUpperCase() }}',
      '={{ $json[$json.k] }}',
      '={{ $json.list[01] }}',
      '={{ $json.list[-1] }}',
      '={{ $jsonx.a }}',
      '={{ $json. }}',
      '={{ $json.a..b }}',
      '={{ $json a }}',
      '={{ $input.item }}',
      '={{ $input.all() }}',
      "={{ $('Node').item.json.a }}",
      '={{ $now }}',
      '={{ }}',
      '=a {{ $json.a }} {{ $json.a.b.c() }}',
    ]) {
      expect(isFast(template), template).toBe(false);
    }
  });

  it('sends n8n extension method calls to the sandbox, but reads fields named like them', () => {
    for (const template of [
      '={{ $json.text.isEmpty() }}',
      '={{ !$json.isEmpty() }}',
      '={{ $json.list.first() }}',
      '={{ $json.obj?.keys?.() }}',
      '={{ $json.text?.toDateTime() }}',
      '=at {{ $json.list.last() }}',
    ]) {
      expect(isFast(template), template).toBe(false);
    }
    const named: Item = { json: { keys: 'k', first: ['f'], isEmpty: false } };
    expect(run('={{ $json.keys }}', named)).toBe('k');
    expect(run('={{ $json.first[0] }}', named)).toBe('f');
    expect(run('={{ $json.isEmpty }}', named)).toBe(false);
  });

  it('caches the compiled function per program', () => {
    const program = parseTemplate('={{ $json.cache.me }}');
    expect(compileFastPath(program)).toBe(compileFastPath(program));
  });
});

describe('compileFastPath: values', () => {
  it('returns the raw value of a single code part', () => {
    expect(run('={{ $json.a.b }}')).toBe('deep');
    expect(run('={{ $json["a"]["x y"].c }}')).toBe(3);
    expect(run('={{ $json.list }}')).toBe(item.json.list);
    expect(run('={{ $json.n }}')).toBe(0);
    expect(run('={{ $json.nil }}')).toBeNull();
    expect(run('={{ $json.missing }}')).toBeUndefined();
    expect(run('={{ $json }}')).toBe(item.json);
    expect(run('={{ $json.list[1] }}')).toBe(20);
    expect(run('={{ $json.list[9] }}')).toBeUndefined();
    expect(run('={{ $json.list.length }}')).toBe(3);
    expect(run('={{ $input.item.json.x }}')).toBe('quoted');
    expect(run('={{ $binary.data.fileName }}')).toBe('a.txt');
    expect(run('={{ $input.item.binary.data.id }}')).toBe('blob-1');
  });

  it('follows optional chaining like JavaScript', () => {
    expect(run('={{ $json.missing?.b }}')).toBeUndefined();
    expect(run('={{ $json.nil?.b.c.d }}')).toBeUndefined();
    expect(run('={{ $json.obj?.k }}')).toBe(1);
    // `{}.missing.c` throws in JavaScript: only the sandbox can report that error.
    expect(run('={{ $json.obj?.missing.c }}')).toBe(FAST_PATH_MISS);
  });

  it('misses where only the sandbox knows the answer', () => {
    expect(run('={{ $json.missing.b }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.nil.b }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.text.length }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.list.map }}')).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.a }}', undefined)).toBe(FAST_PATH_MISS);
    expect(run('={{ $binary.data }}', { json: {} })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.d }}', { json: { d: new Date(0) } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.d.x }}', { json: { d: new Map() } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.f }}', { json: { f: () => 1 } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.big }}', { json: { big: 1n } })).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.nan }}', { json: { nan: Number.NaN } })).toBe(FAST_PATH_MISS);
    expect(run('=x{{ $json.inf }}', { json: { inf: Number.POSITIVE_INFINITY } })).toBe(FAST_PATH_MISS);
  });

  it('misses where JSON would turn an array element into null in the sandbox', () => {
    const sparse: unknown[] = new Array(3);
    sparse[0] = 1;
    sparse[2] = 3;
    const data: Item = { json: { sparse, undef: [undefined] } };
    expect(run('={{ $json.sparse[1] }}', data)).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.undef[0] }}', data)).toBe(FAST_PATH_MISS);
    expect(run('={{ $json.sparse[2] }}', data)).toBe(3);
    expect(run('={{ $json.sparse[3] }}', data)).toBeUndefined();
  });

  it('reads only own properties', () => {
    const inherited = Object.create({ secret: 'from prototype' }) as Record<string, unknown>;
    expect(run('={{ $json.o.secret }}', { json: { o: inherited } })).toBe(FAST_PATH_MISS);
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 'v';
    expect(run('={{ $json.o.k }}', { json: { o: bare } })).toBe('v');
    expect(run('={{ $json.o.other }}', { json: { o: bare } })).toBeUndefined();
  });
});

describe('compileFastPath: mixed text', () => {
  it('stringifies like the sandbox: null/undefined empty, objects and arrays via String()', () => {
    expect(run('=a={{ $json.a.b }};n={{ $json.n }};f={{ $json.flag }}')).toBe('a=deep;n=0;f=false');
    expect(run('=[{{ $json.nil }}][{{ $json.missing }}]')).toBe('[][]');
    expect(run('=o={{ $json.obj }}')).toBe('o=[object Object]');
    expect(run('=l={{ $json.list }}')).toBe(`l=${String(item.json.list)}`);
    expect(run('=l={{ $json.list }}')).toBe('l=10,20,30,,');
    expect(run('=n={{ $json.nested }}')).toBe('n=[object Object],1,2,3');
    expect(run('=text only')).toBe('text only');
    expect(run('=')).toBe('');
    expect(run('={{ $json.a.b }}{{ $json.n }}')).toBe('deep0');
  });

  it('misses on values String() would treat differently in the host', () => {
    expect(run('=x {{ $json.tricky }}')).toBe(FAST_PATH_MISS);
    expect(run('=x {{ $json.missing.deep }}')).toBe(FAST_PATH_MISS);
    expect(run('=x {{ $json.d }}', { json: { d: new Date(0) } })).toBe(FAST_PATH_MISS);
    expect(run('=x {{ $json.l }}', { json: { l: [new Date(0)] } })).toBe(FAST_PATH_MISS);
    expect(run('=x {{ $json.l }}', { json: { l: [1n] } })).toBe(FAST_PATH_MISS);
    const withJoin = Object.assign([1, 2], { join: 'x' });
    expect(run('=x {{ $json.l }}', { json: { l: withJoin } })).toBe(FAST_PATH_MISS);
    const tagged = { [Symbol.toStringTag]: 'Tag' };
    expect(run('=x {{ $json.t }}', { json: { t: tagged } })).toBe(FAST_PATH_MISS);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(run('=x {{ $json.c }}', { json: { c: cyclic } })).toBe(FAST_PATH_MISS);
  });
});
