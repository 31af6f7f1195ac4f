import { describe, expect, it } from 'vitest';
import { parseLenientJson } from './lenient-json.js';

describe('parseLenientJson', () => {
  it('parses strict JSON, with or without a byte-order mark', () => {
    expect(parseLenientJson('{"a":[1,"}"]}')).toEqual({ value: { a: [1, '}'] } });
    expect(parseLenientJson('\uFEFF[1]')).toEqual({ value: [1] });
  });

  it('ignores a title or a second copy after the first object, and says so', () => {
    const titled = parseLenientJson('{"nodes":[],"name":"a \\"}\\" b"}\nMy workflow title');
    expect(titled.value).toEqual({ nodes: [], name: 'a "}" b' });
    expect(titled.ignoredTail).toBe('My workflow title');
    const doubled = parseLenientJson('{"id":"x"}\r\n{"id":"y"}');
    expect(doubled.value).toEqual({ id: 'x' });
    expect(doubled.ignoredTail).toBe('{"id":"y"}');
  });

  it('fails with IMPORT_NOT_JSON naming the parse problem for anything else', () => {
    for (const text of ['', 'nodes: []', '{"a": 1', '{"a": } trailing']) {
      expect(() => parseLenientJson(text)).toThrow(expect.objectContaining({ code: 'IMPORT_NOT_JSON' }));
    }
    expect(() => parseLenientJson('{"a": 1')).toThrow(/not valid JSON: .*JSON/);
  });
});
