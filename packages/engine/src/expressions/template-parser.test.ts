import { describe, expect, it } from 'vitest';
import { codeParts, parseTemplate, TEMPLATE_CACHE_LIMIT } from './template-parser.js';

const parts = (source: string) => parseTemplate(source).parts;

describe('parseTemplate', () => {
  it('strips the leading = and splits text and code', () => {
    expect(parts('=Hello {{ $json.name }}!')).toEqual([
      { text: 'Hello ' },
      { code: ' $json.name ' },
      { text: '!' },
    ]);
    expect(parts('={{$json.a}}{{$json.b}}')).toEqual([{ code: '$json.a' }, { code: '$json.b' }]);
  });

  it('keeps a source without = whole as a template', () => {
    expect(parts('a {{ 1 }}')).toEqual([{ text: 'a ' }, { code: ' 1 ' }]);
  });

  it('gives no parts for an empty template and text only for plain text', () => {
    expect(parts('=')).toEqual([]);
    expect(parts('=just text')).toEqual([{ text: 'just text' }]);
  });

  it('balances braces inside code', () => {
    expect(parts('={{ { a: 1 } }}')).toEqual([{ code: ' { a: 1 } ' }]);
    expect(parts('={{ {a:{b:1}}}}')).toEqual([{ code: ' {a:{b:1}}' }]);
    expect(parts('={{ $json.a }}}')).toEqual([{ code: ' $json.a ' }, { text: '}' }]);
  });

  it('skips }} inside string literals', () => {
    expect(parts('={{ "}}" }}')).toEqual([{ code: ' "}}" ' }]);
    expect(parts("={{ '}}' + 'a\\'}}' }} end")).toEqual([{ code: " '}}' + 'a\\'}}' " }, { text: ' end' }]);
  });

  it('skips }} inside template literals, with nested substitutions', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript template literals inside the expression under test
    expect(parts('={{ `x}}${ {a:1}.a }}}` }}')).toEqual([{ code: ' `x}}${ {a:1}.a }}}` ' }]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
    expect(parts('={{ `a${`b${$json.c}`}` }}')).toEqual([{ code: ' `a${`b${$json.c}`}` ' }]);
  });

  it('skips }} and quotes inside regular expression literals, but not divisions', () => {
    expect(parts(`={{ $json.a.replace(/"}}[/]/g, '') }}`)).toEqual([
      { code: ` $json.a.replace(/"}}[/]/g, '') ` },
    ]);
    expect(parts('={{ $json.a / 2 }} / {{ $json.b }}')).toEqual([
      { code: ' $json.a / 2 ' },
      { text: ' / ' },
      { code: ' $json.b ' },
    ]);
    expect(parts('={{ 1 / 2 }}')).toEqual([{ code: ' 1 / 2 ' }]);
  });

  it('falls back to the first }} when the code only looks like it opens a literal', () => {
    expect(parts('={{ "abc }} tail')).toEqual([{ code: ' "abc ' }, { text: ' tail' }]);
    expect(parts('={{ `abc }} x')).toEqual([{ code: ' `abc ' }, { text: ' x' }]);
    expect(parts('={{ "a\nb" }}')).toEqual([{ code: ' "a\nb" ' }]);
  });

  it('leaves an unterminated {{ as literal text', () => {
    expect(parts('=a {{ b')).toEqual([{ text: 'a {{ b' }]);
    expect(parts('={{ $json.a }} and {{ b')).toEqual([{ code: ' $json.a ' }, { text: ' and {{ b' }]);
    expect(parts('=a { b } }}')).toEqual([{ text: 'a { b } }}' }]);
  });

  it('tolerates a stray } at depth 0 inside code', () => {
    expect(parts('={{ a } b }}')).toEqual([{ code: ' a } b ' }]);
  });

  it('caches and freezes programs', () => {
    const first = parseTemplate('={{ $json.cached }}');
    expect(parseTemplate('={{ $json.cached }}')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.parts)).toBe(true);
  });

  it('bounds the cache, keeping recently used programs', () => {
    const kept = parseTemplate('={{ "kept" }}');
    const dropped = parseTemplate('={{ "dropped" }}');
    for (let index = 0; index < TEMPLATE_CACHE_LIMIT - 1; index++) {
      parseTemplate(`={{ ${index} }}`);
      if (index % 100 === 0) parseTemplate('={{ "kept" }}');
    }
    expect(parseTemplate('={{ "kept" }}')).toBe(kept);
    expect(parseTemplate('={{ "dropped" }}')).not.toBe(dropped);
  });
});

describe('codeParts', () => {
  it('lists the code parts in order', () => {
    expect(codeParts(parseTemplate('=a{{ x }}b{{ y }}'))).toEqual([' x ', ' y ']);
  });
});
