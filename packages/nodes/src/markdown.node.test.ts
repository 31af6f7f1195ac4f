import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { markdownNode } from './markdown.node.js';

async function convert(mode: string, data: string, options: Record<string, unknown> = {}) {
  const { outputs } = await runNode(markdownNode, { items: [{ data }], parameters: { mode, options } });
  return jsonOf(outputs[0])[0]?.data;
}

describe('core.markdown Markdown to HTML', () => {
  it('renders GitHub-flavored Markdown into the destination, keeping other fields, binary and pairing', async () => {
    const binary = { file: { id: 'b1', mimeType: 'text/plain' } };
    const { outputs } = await runNode(markdownNode, {
      inputs: [
        [{ json: { doc: { md: '# Title\n\n*Hi* ~~old~~\n\n| a |\n|---|\n| 1 |' }, keep: 1 }, binary }],
      ],
      parameters: { mode: 'markdownToHtml', dataPropertyName: 'doc.md', destinationKey: 'out.html' },
    });
    expect(outputs[0]).toEqual([
      {
        json: {
          doc: { md: '# Title\n\n*Hi* ~~old~~\n\n| a |\n|---|\n| 1 |' },
          keep: 1,
          out: {
            html: '<h1>Title</h1>\n<p><em>Hi</em> <del>old</del></p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n</tr>\n</tbody></table>\n',
          },
        },
        binary,
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('escapes raw HTML and drops script-capable links by default', async () => {
    const markdown =
      'Hi <b onclick="x()">there</b>\n\n<script>alert(1)</script>\n\n[ok](https://example.com) [bad](javascript:alert(1)) [loud](JAVASCRIPT:x) [coded](&#106;avascript:x) [named](java&Tab;script&colon;x) [spaced](<java script:x>) ![img](data:text/html,x) ![fine](/a.png)';
    expect(await convert('markdownToHtml', markdown)).toBe(
      '<p>Hi &lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n' +
        '<p><a href="https://example.com">ok</a> bad loud coded named spaced img <img src="/a.png" alt="fine"></p>\n',
    );
  });

  it('passes raw HTML and any link through with escapeHtml off', async () => {
    expect(
      await convert('markdownToHtml', 'Hi <b>there</b>\n\n[bad](javascript:alert(1))', { escapeHtml: false }),
    ).toBe('<p>Hi <b>there</b></p>\n<p><a href="javascript:alert(1)">bad</a></p>\n');
  });

  it('turns single line breaks into <br> with breaks, and plain Markdown without gfm', async () => {
    expect(await convert('markdownToHtml', 'a\nb')).toBe('<p>a\nb</p>\n');
    expect(await convert('markdownToHtml', 'a\nb', { breaks: true })).toBe('<p>a<br>b</p>\n');
    expect(await convert('markdownToHtml', '~~old~~ www.example.com')).toBe(
      '<p><del>old</del> <a href="http://www.example.com">www.example.com</a></p>\n',
    );
    expect(await convert('markdownToHtml', '~~old~~ www.example.com', { gfm: false })).toBe(
      '<p>~~old~~ www.example.com</p>\n',
    );
  });
});

describe('core.markdown HTML to Markdown', () => {
  const html =
    '<html><head><title>T</title><style>p{}</style></head><body><h1>Title</h1><h3>Sub</h3><p>Hi <em>there</em> <strong>bold</strong> <a href="https://x.dev">link</a></p><ul><li>a</li><li>b</li></ul><pre><code>x = 1</code></pre><script>alert(1)</script></body></html>';

  it('converts with ATX headings, - bullets, fenced code, _ and ** by default (HTML to Markdown is the default mode)', async () => {
    const { outputs } = await runNode(markdownNode, { items: [{ data: html, n: 1 }] });
    expect(outputs[0]).toEqual([
      {
        json: {
          data: '# Title\n\n### Sub\n\nHi _there_ **bold** [link](https://x.dev)\n\n-   a\n-   b\n\n```\nx = 1\n```',
          n: 1,
        },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('applies every style option', async () => {
    expect(
      await convert('htmlToMarkdown', html, {
        headingStyle: 'setext',
        bulletListMarker: '*',
        codeBlockStyle: 'indented',
        emDelimiter: '*',
        strongDelimiter: '__',
      }),
    ).toBe(
      'Title\n=====\n\n### Sub\n\nHi *there* __bold__ [link](https://x.dev)\n\n*   a\n*   b\n\n    x = 1',
    );
    expect(await convert('htmlToMarkdown', '<ul><li>a</li></ul>', { bulletListMarker: '+' })).toBe('+   a');
  });
});

describe('core.markdown errors', () => {
  it('refuses bad options and input, naming the field and item', async () => {
    const cases: [Record<string, unknown>, unknown, string, Record<string, unknown>][] = [
      [
        {},
        7,
        'field "data" of item 1 must be text, not a number',
        { parameter: 'dataPropertyName', field: 'data', itemIndex: 1 },
      ],
      [
        { dataPropertyName: 'md' },
        'x',
        'item 0 has no field "md" (set in "dataPropertyName")',
        { parameter: 'dataPropertyName', field: 'md', itemIndex: 0 },
      ],
      [
        { destinationKey: '' },
        'x',
        '"destinationKey" (item 0) must name a field',
        { parameter: 'destinationKey', itemIndex: 0 },
      ],
      [
        { destinationKey: 'a.__proto__' },
        'x',
        '"destinationKey" (item 0) may not use __proto__, constructor or prototype as a field name',
        { parameter: 'destinationKey', itemIndex: 0 },
      ],
      [
        { mode: 'rst' },
        'x',
        '"mode" (item 0) must be one of markdownToHtml, htmlToMarkdown, not "rst"',
        { parameter: 'mode', itemIndex: 0 },
      ],
      [
        { options: { headingStyle: 'big' } },
        'x',
        '"options.headingStyle" (item 0) must be one of atx, setext, not "big"',
        { parameter: 'options.headingStyle', itemIndex: 0 },
      ],
      [
        { mode: 'markdownToHtml', options: { escapeHtml: 'no' } },
        'x',
        '"options.escapeHtml" (item 0) must be true or false, not "no"',
        { parameter: 'options.escapeHtml', itemIndex: 0 },
      ],
    ];
    for (const [parameters, second, message, details] of cases) {
      const failure = await runNodeExpectingError(markdownNode, {
        items: [{ data: 'ok' }, { data: second }],
        parameters,
      });
      expect(failure.code).toBe('NODE_PARAMETER_INVALID');
      expect(failure.message).toBe(message);
      expect(failure.details).toEqual(details);
    }
  });
});
