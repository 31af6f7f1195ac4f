import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import type { BinaryRef } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { htmlNode } from './html.node.js';

const page = `<html><body>
  <h1 class="title">  Hello &amp;
     <b>world</b>  </h1>
  <ul><li><a href="/a?x=1&amp;y=2">A</a></li><li><a>B</a></li></ul>
  <form>
    <input name="q" value=" find me ">
    <textarea> typed &lt;text&gt; </textarea>
    <select><option value="1">One</option><option value="2" selected>Two</option></select>
    <select><option>First</option></select>
  </form>
</body></html>`;

const extract = (key: string, cssSelector: string, extra: Record<string, unknown> = {}) => ({
  key,
  cssSelector,
  ...extra,
});

async function extracted(extractionValues: unknown[], options: Record<string, unknown> = {}) {
  const { outputs } = await runNode(htmlNode, {
    items: [{ data: page }],
    parameters: { operation: 'extractHtmlContent', extractionValues, options },
  });
  return jsonOf(outputs[0])[0];
}

describe('core.html extract HTML content', () => {
  it('extracts text, html, attributes and form values into only those keys, keeping binary and pairing', async () => {
    const binary = { page: { id: 'b1', mimeType: 'text/html' } };
    const { outputs } = await runNode(htmlNode, {
      inputs: [[{ json: { data: page, other: 1 }, binary }]],
      parameters: {
        extractionValues: [
          extract('title', 'h1.title'),
          extract('inner', 'h1', { returnValue: 'html' }),
          extract('links.first', 'a', { returnValue: 'attribute', attribute: 'href' }),
          extract('query', 'input', { returnValue: 'value' }),
          extract('typed', 'textarea', { returnValue: 'value' }),
          extract('choice', 'select', { returnValue: 'value' }),
          extract('missing', '.nope'),
        ],
      },
    });
    expect(outputs[0]).toEqual([
      {
        json: {
          title: 'Hello & world',
          inner: 'Hello &amp;\n     <b>world</b>',
          links: { first: '/a?x=1&y=2' },
          query: 'find me',
          typed: 'typed <text>',
          choice: '2',
          missing: null,
        },
        binary,
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('returns every match with returnArray, null for a missing attribute, [] for no match', async () => {
    expect(
      await extracted([
        extract('names', 'li', { returnArray: true }),
        extract('hrefs', 'a', { returnValue: 'attribute', attribute: 'href', returnArray: true }),
        extract('selects', 'select', { returnValue: 'value', returnArray: true }),
        extract('none', 'table', { returnArray: true }),
      ]),
    ).toEqual({ names: ['A', 'B'], hrefs: ['/a?x=1&y=2', null], selects: ['2', 'First'], none: [] });
  });

  it('keeps whitespace with trimValues and cleanUpText off, and cleans text only with cleanUpText', async () => {
    const values = [extract('title', 'h1'), extract('query', 'input', { returnValue: 'value' })];
    expect(await extracted(values, { trimValues: false, cleanUpText: false })).toEqual({
      title: '  Hello &\n     world  ',
      query: ' find me ',
    });
    expect(await extracted(values, { trimValues: false, cleanUpText: true })).toEqual({
      title: 'Hello & world',
      query: ' find me ',
    });
    expect(await extracted(values, { trimValues: true, cleanUpText: false })).toEqual({
      title: 'Hello &\n     world',
      query: 'find me',
    });
  });

  it('reads HTML from a nested field or a binary property, per item', async () => {
    const { outputs } = await runNode(htmlNode, {
      items: [{ page: { body: '<p>one</p>' } }, { page: { body: '<p>two</p>' } }],
      parameters: { dataPropertyName: 'page.body', extractionValues: [extract('p', 'p')] },
    });
    expect(outputs[0]).toEqual([
      { json: { p: 'one' }, pairedItem: { item: 0 } },
      { json: { p: 'two' }, pairedItem: { item: 1 } },
    ]);
    const ref: BinaryRef = { id: 'blob-1', mimeType: 'text/html' } as BinaryRef;
    const read: BinaryRef[] = [];
    const fromBinary = await runNode(htmlNode, {
      inputs: [[{ json: {}, binary: { file: ref } }]],
      parameters: { sourceData: 'binary', dataPropertyName: 'file', extractionValues: [extract('p', 'p')] },
      helpers: {
        readBinary: async (binary) => {
          read.push(binary);
          return new TextEncoder().encode('<p>from blob ✓</p>');
        },
      },
    });
    expect(fromBinary.outputs[0]).toEqual([
      { json: { p: 'from blob ✓' }, binary: { file: ref }, pairedItem: { item: 0 } },
    ]);
    expect(read).toEqual([ref]);
  });

  it('refuses bad extraction settings and input, naming the field and item', async () => {
    const error = async (
      parameters: Record<string, unknown>,
      second: Record<string, unknown> = { data: '<p/>' },
    ) => runNodeExpectingError(htmlNode, { items: [{ data: '<p/>' }, second], parameters });
    const values = [extract('p', 'p')];
    const cases: [
      Record<string, unknown>,
      Record<string, unknown> | undefined,
      string,
      Record<string, unknown>,
    ][] = [
      [
        { extractionValues: [] },
        undefined,
        '"extractionValues" (item 0) needs at least one value to extract',
        { parameter: 'extractionValues', itemIndex: 0 },
      ],
      [
        { extractionValues: [extract('', 'p')] },
        undefined,
        'extraction value 0 (item 0) has no key',
        { parameter: 'extractionValues[0].key', itemIndex: 0 },
      ],
      [
        { extractionValues: [extract('k', ' ')] },
        undefined,
        'extraction value 0 (item 0) has no cssSelector',
        { parameter: 'extractionValues[0].cssSelector', itemIndex: 0 },
      ],
      [
        { extractionValues: [extract('k', 'a', { returnValue: 'attribute' })] },
        undefined,
        'extraction value 0 (item 0) has no attribute',
        { parameter: 'extractionValues[0].attribute', itemIndex: 0 },
      ],
      [
        { extractionValues: [extract('k', 'a', { returnValue: 'json' })] },
        undefined,
        '"extractionValues[0].returnValue" (item 0) must be one of text, html, attribute, value, not "json"',
        { parameter: 'extractionValues[0].returnValue', itemIndex: 0 },
      ],
      [
        { extractionValues: [extract('__proto__.x', 'p')] },
        undefined,
        '"extractionValues[0].key" (item 0) may not use __proto__, constructor or prototype as a field name',
        { parameter: 'extractionValues[0].key', itemIndex: 0 },
      ],
      [
        { extractionValues: [extract('k', 'p[[')] },
        undefined,
        'extraction value 0 (item 0) has an invalid CSS selector "p[[": Expected name, found [',
        { parameter: 'extractionValues[0].cssSelector', itemIndex: 0 },
      ],
      [
        { extractionValues: values },
        { data: 5 },
        'field "data" of item 1 must be text, not a number',
        { parameter: 'dataPropertyName', field: 'data', itemIndex: 1 },
      ],
      [
        { extractionValues: values },
        { html: '' },
        'item 1 has no field "data" (set in "dataPropertyName")',
        { parameter: 'dataPropertyName', field: 'data', itemIndex: 1 },
      ],
      [
        { extractionValues: values, sourceData: 'binary' },
        undefined,
        'item 0 has no binary property "data" (set in "dataPropertyName")',
        { parameter: 'dataPropertyName', field: 'data', itemIndex: 0 },
      ],
      [
        { extractionValues: values, sourceData: 'text' },
        undefined,
        '"sourceData" (item 0) must be one of json, binary, not "text"',
        { parameter: 'sourceData', itemIndex: 0 },
      ],
      [
        { extractionValues: values, options: { cleanUpText: 1 } },
        undefined,
        '"options.cleanUpText" (item 0) must be true or false, not 1',
        { parameter: 'options.cleanUpText', itemIndex: 0 },
      ],
      [
        { operation: 'generateHtmlTemplate' },
        undefined,
        '"operation" must be one of extractHtmlContent, convertToHtmlTable, not "generateHtmlTemplate"',
        { parameter: 'operation' },
      ],
    ];
    for (const [parameters, second, message, details] of cases) {
      const failure = await error(parameters, second);
      expect(failure.code).toBe('NODE_PARAMETER_INVALID');
      expect(failure.message).toBe(message);
      expect(failure.details).toEqual(details);
    }
  });

  it('outputs nothing for no input', async () => {
    const { outputs } = await runNode(htmlNode, { items: [], parameters: { extractionValues: [] } });
    expect(outputs).toEqual([[]]);
  });
});

describe('core.html convert to HTML table', () => {
  const cell = 'border: 1px solid #ccc; padding: 4px 8px; text-align: left';
  const head = `${cell}; background: #f2f2f2`;

  it('renders all items as one escaped, default-styled table paired to every input', async () => {
    const { outputs } = await runNode(htmlNode, {
      items: [
        { name: 'Ada <script>', age: 36 },
        { name: "O'Neil & co", tags: ['a'], nested: { x: null } },
        { age: null },
      ],
      parameters: { operation: 'convertToHtmlTable' },
    });
    const th = (text: string) => `<th style="${head}">${text}</th>`;
    const td = (text: string) => `<td style="${cell}">${text}</td>`;
    expect(outputs[0]).toEqual([
      {
        json: {
          table: [
            '<table style="border-collapse: collapse">',
            `<thead><tr>${th('name')}${th('age')}${th('tags')}${th('nested')}</tr></thead>`,
            '<tbody>',
            `<tr>${td('Ada &lt;script&gt;')}${td('36')}${td('')}${td('')}</tr>`,
            `<tr>${td('O&#39;Neil &amp; co')}${td('')}${td('[&quot;a&quot;]')}${td('{&quot;x&quot;:null}')}</tr>`,
            `<tr>${td('')}${td('')}${td('')}${td('')}</tr>`,
            '</tbody>',
            '</table>',
          ].join('\n'),
        },
        pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
      },
    ]);
  });

  it('capitalizes headers, adds a caption and uses custom styles in a chosen field', async () => {
    const { outputs } = await runNode(htmlNode, {
      items: [{ first_name: 'Ada', userId: 1, 'x-y': true }],
      parameters: {
        operation: 'convertToHtmlTable',
        destinationKey: 'out.html',
        options: {
          capitalize: true,
          customStyling: true,
          caption: 'People & <ids>',
          tableStyle: 'width: 100%',
          headerStyle: 'color: "red"',
          rowStyle: 'background: #eee',
        },
      },
    });
    expect(jsonOf(outputs[0])).toEqual([
      {
        out: {
          html: [
            '<table style="width: 100%">',
            '<caption>People &amp; &lt;ids&gt;</caption>',
            '<thead><tr><th style="color: &quot;red&quot;">First Name</th><th style="color: &quot;red&quot;">User Id</th><th style="color: &quot;red&quot;">X Y</th></tr></thead>',
            '<tbody>',
            '<tr style="background: #eee"><td>Ada</td><td>1</td><td>true</td></tr>',
            '</tbody>',
            '</table>',
          ].join('\n'),
        },
      },
    ]);
    const plain = await runNode(htmlNode, {
      items: [{ a: 1 }],
      parameters: { operation: 'convertToHtmlTable', options: { customStyling: true } },
    });
    expect(jsonOf(plain.outputs[0])).toEqual([
      {
        table:
          '<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>',
      },
    ]);
  });

  it('refuses a blank or prototype destination key', async () => {
    for (const [destinationKey, message] of [
      ['', '"destinationKey" (item 0) must name a field'],
      [
        'constructor',
        '"destinationKey" (item 0) may not use __proto__, constructor or prototype as a field name',
      ],
    ]) {
      const failure = await runNodeExpectingError(htmlNode, {
        items: [{ a: 1 }],
        parameters: { operation: 'convertToHtmlTable', destinationKey },
      });
      expect(failure.code).toBe('NODE_PARAMETER_INVALID');
      expect(failure.message).toBe(message);
    }
  });
});
