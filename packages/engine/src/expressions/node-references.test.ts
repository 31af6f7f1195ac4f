import { describe, expect, it } from 'vitest';
import { findNodeReferences, nodeReferenceSites } from './node-references.js';

const names = (...codes: string[]) => [...findNodeReferences(codes).names].sort();
const dynamic = (...codes: string[]) => findNodeReferences(codes).dynamic;

describe('findNodeReferences', () => {
  it('finds every static accessor form', () => {
    expect(
      names(
        "$('Single').item.json.a",
        '$("Double").first()',
        '$(`Back tick`).all()',
        '$node["Legacy"].json.x',
        "$node['Quoted'].parameter",
        '$node.Dotted.json',
        '$node?.["Optional"].json',
        '$items("Items", 0, 1)',
        '$items( "Spaced" )',
        '$item(0).$node["ViaItem"].json',
      ),
    ).toEqual([
      'Back tick',
      'Dotted',
      'Double',
      'Items',
      'Legacy',
      'Optional',
      'Quoted',
      'Single',
      'Spaced',
      'ViaItem',
    ]);
    expect(dynamic("$('A').item", '$node["B"]', '$node.C', '$items("D")')).toBe(false);
  });

  it('reads escapes in names', () => {
    expect(
      names("$('It\\'s')", '$("Tab\\there")', '$("\\u0041\\x42\\u{43}")', '$("bad \\u{110000}")'),
    ).toEqual(['ABC', "It's", 'Tab\there', 'bad \\u{110000}']);
  });

  it('flags references it cannot read statically', () => {
    expect(dynamic('$(name).item')).toBe(true);
    expect(dynamic("$('A' + suffix).item")).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal inside the code under test
    expect(dynamic('$(`Node ${n}`).item')).toBe(true);
    expect(dynamic('$node[key].json')).toBe(true);
    expect(dynamic('Object.keys($node)')).toBe(true);
    expect(dynamic('$items(name)')).toBe(true);
  });

  it('ignores look-alikes', () => {
    expect(findNodeReferences(['$nodeVersion + $json.a', 'a$("X")', '$$("Y")', 'plain code'])).toEqual({
      names: new Set(),
      dynamic: false,
    });
  });
});

describe('nodeReferenceSites', () => {
  it('gives each reference with the span of the name as written', () => {
    const code = `$('A') + $node["B\\"x"].json + $node.C + $node?.D + $items(\`E\`, 0) + $(name)`;
    const spans = [...nodeReferenceSites(code)].map((site) =>
      site.kind === 'dynamic' ? site : { ...site, text: code.slice(site.start, site.end) },
    );
    expect(spans).toEqual([
      { kind: 'literal', name: 'A', quote: "'", start: 2, end: 5, text: "'A'" },
      { kind: 'literal', name: 'B"x', quote: '"', start: 15, end: 21, text: '"B\\"x"' },
      { kind: 'property', name: 'C', dot: 35, start: 36, end: 37, text: 'C' },
      { kind: 'property', name: 'D', dot: null, start: 47, end: 48, text: 'D' },
      { kind: 'literal', name: 'E', quote: '`', start: 58, end: 61, text: '`E`' },
      { kind: 'dynamic', name: null },
    ]);
  });
});
