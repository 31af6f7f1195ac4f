import { describe, expect, it } from 'vitest';
import { jsonKeysRead, projectItems } from './json-projection.js';

describe('jsonKeysRead', () => {
  it('collects keys read as $json.key, $json?.key and $json["key"]', () => {
    expect(jsonKeysRead([' $json.value * 2 ', "$json['a b'] + $json?.c", '$json["d"].e.f'])).toEqual(
      new Set(['value', 'a b', 'c', 'd']),
    );
    expect(jsonKeysRead(['1 + 2'])).toEqual(new Set());
  });

  it('gives up when the code may read more of the items', () => {
    expect(jsonKeysRead(['Object.keys($json)'])).toBeNull();
    expect(jsonKeysRead(['$json[key]'])).toBeNull();
    expect(jsonKeysRead(['$json.a', '$input.item.json.b'])).toBeNull();
    expect(jsonKeysRead(['$items()[0].json.x'])).toBeNull();
    expect(jsonKeysRead(['$data.x'])).toBeNull();
    expect(jsonKeysRead(['$item(0).$json.x'])).toBeNull();
    expect(jsonKeysRead(['JSON.stringify($json)'])).toBeNull();
    // A method call on $json itself (an n8n extension or a native one) reads the whole object.
    expect(jsonKeysRead(['$json.toJsonString()'])).toBeNull();
    expect(jsonKeysRead(['!$json.isEmpty ()'])).toBeNull();
    expect(jsonKeysRead(['$json.keys?.()'])).toBeNull();
    expect(jsonKeysRead(['$json.a.isEmpty()', "$json['b'].first()"])).toEqual(new Set(['a', 'b']));
  });

  it('is not fooled by look-alike names', () => {
    expect(jsonKeysRead(['$jsonx + a$json'])).toEqual(new Set());
    expect(jsonKeysRead(['$inputs.x'])).toEqual(new Set());
  });
});

describe('projectItems', () => {
  it('keeps only the named keys, own properties only, and binary references', () => {
    const items = [
      { json: { a: 1, b: 2 }, binary: { f: { id: 'x', mimeType: 'text/plain' } }, pairedItem: { item: 0 } },
      { json: { b: 3 } },
    ];
    expect(projectItems(items, new Set(['a', 'toString', '__proto__']))).toEqual([
      { json: { a: 1 }, binary: { f: { id: 'x', mimeType: 'text/plain' } } },
      { json: {} },
    ]);
    const polluted = projectItems([{ json: JSON.parse('{"__proto__": {"x": 1}}') }], new Set(['__proto__']));
    expect(Object.getPrototypeOf(polluted[0]?.json)).toBe(Object.prototype);
    expect(Object.hasOwn(polluted[0]?.json ?? {}, '__proto__')).toBe(true);
  });
});
