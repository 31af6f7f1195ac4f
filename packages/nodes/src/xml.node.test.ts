import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { maxTextLength } from './shared/text-parameters.js';
import { xmlNode } from './xml.node.js';

const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

async function fromXml(data: string, options: Record<string, unknown> = {}) {
  const { outputs } = await runNode(xmlNode, {
    items: [{ data }],
    parameters: { mode: 'xmlToJson', options },
  });
  return jsonOf(outputs[0])[0];
}

async function toXml(json: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const { outputs } = await runNode(xmlNode, { items: [json], parameters: { mode: 'jsonToXml', options } });
  return jsonOf(outputs[0])[0]?.data;
}

describe('core.xml XML to JSON', () => {
  const doc =
    '<?xml version="1.0"?><!-- note --><order id="7" state="new">\n  <item sku="a">Tea &amp; cake</item>\n  <item sku="b">Jam</item>\n  <total>  12.50  </total>\n  <empty/>\n</order>';

  it('parses xml2js-style by default, replacing the json, keeping binary and pairing', async () => {
    const binary = { file: { id: 'b1', mimeType: 'text/xml' } };
    const { outputs } = await runNode(xmlNode, {
      inputs: [[{ json: { data: doc, other: 1 }, binary }]],
      parameters: { mode: 'xmlToJson' },
    });
    expect(outputs[0]).toEqual([
      {
        json: {
          order: {
            $: { id: '7', state: 'new' },
            item: [
              { $: { sku: 'a' }, _: 'Tea & cake' },
              { $: { sku: 'b' }, _: 'Jam' },
            ],
            total: '  12.50  ',
            empty: '',
          },
        },
        binary,
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('applies explicitArray, explicitRoot, trim, attrkey and charkey', async () => {
    expect(
      await fromXml(doc, {
        explicitArray: true,
        explicitRoot: false,
        trim: true,
        attrkey: '@',
        charkey: '#',
      }),
    ).toEqual({
      '@': { id: '7', state: 'new' },
      item: [
        { '@': { sku: 'a' }, '#': 'Tea & cake' },
        { '@': { sku: 'b' }, '#': 'Jam' },
      ],
      total: ['12.50'],
      empty: [''],
    });
    expect(await fromXml('<a>text</a>', { explicitRoot: false, charkey: 'value' })).toEqual({
      value: 'text',
    });
  });

  it('ignores or merges attributes', async () => {
    expect(await fromXml(doc, { ignoreAttributes: true, trim: true })).toEqual({
      order: { item: ['Tea & cake', 'Jam'], total: '12.50', empty: '' },
    });
    expect(await fromXml('<a id="1"><id>2</id><b c="3">t</b></a>', { mergeAttrs: true })).toEqual({
      a: { id: ['1', '2'], b: { c: '3', _: 't' } },
    });
    expect(await fromXml('<a id="1"/>', { mergeAttrs: true, explicitArray: true })).toEqual({
      a: { id: ['1'] },
    });
  });

  it('decodes the XML entities and character references, keeps CDATA literal and reads a nested field', async () => {
    const { outputs } = await runNode(xmlNode, {
      items: [
        { body: { xml: '<a t="&quot;&lt;&#65;">&lt;&#x1F600;&#66;&apos;&unknown;<![CDATA[&amp;<b>]]></a>' } },
      ],
      parameters: { mode: 'xmlToJson', dataPropertyName: 'body.xml' },
    });
    expect(jsonOf(outputs[0])).toEqual([{ a: { $: { t: '"<A' }, _: "<😀B'&unknown;&amp;<b>" } }]);
  });

  it('never pollutes a prototype: __proto__, constructor and prototype get a leading underscore', async () => {
    const result = await fromXml(
      '<__proto__ constructor="c"><polluted>1</polluted><prototype>p</prototype><toString>s</toString></__proto__>',
    );
    expect(result).toEqual({
      ___proto__: { $: { _constructor: 'c' }, polluted: '1', _prototype: 'p', toString: 's' },
    });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result?.___proto__)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    const merged = await fromXml('<a __proto__="x"><b/></a>', { mergeAttrs: true, explicitRoot: false });
    expect(merged).toEqual({ ___proto__: 'x', b: '' });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('never expands DOCTYPE entities (no billion laughs, no external entities)', async () => {
    const laughs =
      '<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;">]><a>&l3;</a>';
    expect(await fromXml(laughs)).toEqual({ a: '&l3;' });
    expect(await fromXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a>&xxe;</a>')).toEqual({ a: '&xxe;' });
    expect(await fromXml('<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>')).toEqual({ a: '&e;' });
  });

  it('refuses malformed XML, several roots, deep nesting, non-text and missing fields, and oversize text', async () => {
    const error = (data: unknown, extra: Record<string, unknown> = {}) =>
      runNodeExpectingError(xmlNode, {
        items: [{ data: '<ok/>' }, { data }],
        parameters: { mode: 'xmlToJson', ...extra },
      });
    for (const [data, message] of [
      ['<a>unclosed', /^field "data" of item 1 is not valid XML: .*Unclosed tag 'a'/],
      ['<a/><b/>', /exactly one root element, this has 2/],
      ['just text', /^field "data" of item 1 is not valid XML/],
      [`${'<a>'.repeat(150)}${'</a>'.repeat(150)}`, /Maximum nested tags exceeded/],
      [42, /^field "data" of item 1 must be text, not a number$/],
      [undefined, /^item 1 has no field "data" \(set in "dataPropertyName"\)$/],
      ['x'.repeat(maxTextLength + 1), /^field "data" of item 1 is longer than 10485760 characters$/],
    ] as const) {
      const failure = await error(data);
      expect(failure.code).toBe('NODE_PARAMETER_INVALID');
      expect(failure.message).toMatch(message);
    }
    expect((await error('<a/>', { options: { attrkey: '__proto__' } })).message).toBe(
      '"options.attrkey" (item 0) may not be __proto__',
    );
    expect((await error('<a/>', { options: { trim: 'yes' } })).message).toBe(
      '"options.trim" (item 0) must be true or false, not "yes"',
    );
    expect((await error('<a/>', { mode: 'yaml' })).message).toBe(
      '"mode" (item 0) must be one of jsonToXml, xmlToJson, not "yaml"',
    );
    expect((await error('<a/>', { dataPropertyName: ' ' })).message).toBe(
      '"dataPropertyName" (item 0) must name a field',
    );
  });

  it('fails naming the item and field', async () => {
    const failure = await runNodeExpectingError(xmlNode, {
      items: [{ data: '<a/>' }, { data: '<b>' }],
      parameters: { mode: 'xmlToJson' },
    });
    expect(failure.details).toEqual({ parameter: 'dataPropertyName', field: 'data', itemIndex: 1 });
  });
});

describe('core.xml JSON to XML', () => {
  it('renders the whole item as pretty XML in the field, keeping binary and pairing', async () => {
    const binary = { file: { id: 'b1', mimeType: 'text/plain' } };
    const { outputs } = await runNode(xmlNode, {
      inputs: [
        [
          {
            json: {
              order: {
                $: { id: 7, note: 'a "b" & <c>' },
                item: [{ $: { sku: 'a' }, _: 'Tea & cake' }, 'Jam'],
                total: 12.5,
                paid: false,
                empty: null,
                meta: { tags: ['x', 'y'] },
              },
            },
            binary,
          },
        ],
      ],
      parameters: { mode: 'jsonToXml', dataPropertyName: 'out.xml' },
    });
    expect(outputs[0]).toEqual([
      {
        json: {
          out: {
            xml: [
              declaration,
              '<order id="7" note="a &#34;b&#34; &#38; &#60;c&#62;">',
              '  <item sku="a">Tea &amp; cake</item>',
              '  <item>Jam</item>',
              '  <total>12.5</total>',
              '  <paid>false</paid>',
              '  <empty/>',
              '  <meta>',
              '    <tags>x</tags>',
              '    <tags>y</tags>',
              '  </meta>',
              '</order>',
            ].join('\n'),
          },
        },
        binary,
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('accepts n8n’s jsonToxml spelling, wraps several keys in root, and honours rootName and headless', async () => {
    const { outputs } = await runNode(xmlNode, {
      items: [{ a: 1, b: 'x' }],
      parameters: { mode: 'jsonToxml' },
    });
    expect(jsonOf(outputs[0])).toEqual([{ data: `${declaration}\n<root>\n  <a>1</a>\n  <b>x</b>\n</root>` }]);
    expect(await toXml({ a: 1 }, { rootName: 'doc', headless: true })).toBe('<doc>\n  <a>1</a>\n</doc>');
    expect(await toXml({ list: [1, 2] }, { headless: true })).toBe(
      '<root>\n  <list>1</list>\n  <list>2</list>\n</root>',
    );
    expect(await toXml({ $: { v: 1 } }, { headless: true })).toBe('<root v="1"/>');
  });

  it('writes compact XML, CDATA, custom attribute and text keys and prefixed attributes', async () => {
    expect(await toXml({ a: { b: 'x', c: { d: '' } } }, { pretty: false })).toBe(
      `${declaration}<a><b>x</b><c><d/></c></a>`,
    );
    expect(
      await toXml({ a: { b: 'x < y ]]> z', c: 'plain' } }, { cdata: true, headless: true, pretty: false }),
    ).toBe('<a><b><![CDATA[x < y ]]]]><![CDATA[> z]]></b><c>plain</c></a>');
    expect(
      await toXml(
        { a: { attrs: { id: 1 }, text: 'hi', b: 'c' } },
        { attrkey: 'attrs', charkey: 'text', headless: true },
      ),
    ).toBe('<a id="1">\n  hi\n  <b>c</b>\n</a>');
    expect(
      await toXml(
        { a: { '@id': 1, '@lang': 'en', b: 2 } },
        { attributePrefix: '@', headless: true, pretty: false },
      ),
    ).toBe('<a id="1" lang="en"><b>2</b></a>');
  });

  it('refuses keys that are not XML names, unrepresentable characters and deep nesting, naming the item', async () => {
    const error = (json: Record<string, unknown>) =>
      runNodeExpectingError(xmlNode, { items: [{ ok: 1 }, json], parameters: { mode: 'jsonToXml' } });
    expect((await error({ 'a b': 1 })).message).toBe(
      'item 1 cannot be written as XML: "a b" is not a valid XML element name',
    );
    expect((await error({ a: { $: { '1x': 2 } } })).message).toBe(
      'item 1 cannot be written as XML: "1x" is not a valid XML attribute name',
    );
    expect((await error({ a: 'bell\u0007' })).message).toBe(
      'item 1 cannot be written as XML: the value "bell\\u0007" holds U+0007, which XML cannot represent',
    );
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 120; level++) deep = { n: deep };
    const failure = await error(deep);
    expect(failure.message).toBe(
      'item 1 cannot be written as XML: the data is nested deeper than 100 levels',
    );
    expect(failure.code).toBe('NODE_PARAMETER_INVALID');
    expect(failure.details).toEqual({ itemIndex: 1 });
  });

  it('round-trips through XML to JSON', async () => {
    const json = { order: { $: { id: '7' }, item: ['a', 'b'], note: { $: { lang: 'en' }, _: 'x & y' } } };
    const xml = await toXml(json);
    expect(await fromXml(String(xml))).toEqual(json);
  });
});
