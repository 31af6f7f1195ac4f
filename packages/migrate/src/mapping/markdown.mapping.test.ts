import { markdownNode } from '@klikkflow/nodes';
import { jsonOf, runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { markdownExport, markdownMappings } from './markdown.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const map = (parameters: Record<string, unknown>) =>
  mapN8nNode(markdownMappings, 'n8n-nodes-base.markdown', 1, parameters);

async function run(parameters: Record<string, unknown>, item: Record<string, unknown>) {
  const mapped = map(parameters);
  const { outputs } = await runNode(markdownNode, { parameters: mapped.parameters, items: [item] });
  return { json: jsonOf(outputs[0])[0], warnings: mapped.warnings };
}

describe('Markdown', () => {
  it('converts the HTML field an expression reads into Markdown with n8n’s list marker, into "data"', async () => {
    const { json } = await run(
      { html: '={{ $json.textHtml }}', options: {} },
      { textHtml: '<h1>Title</h1><ul><li>one</li></ul><p><em>x</em> <strong>y</strong></p>' },
    );
    expect(json).toMatchObject({ data: '# Title\n\n*   one\n\n_x_ **y**' });
  });

  it('renders Markdown from a nested field as HTML, raw HTML kept and tables only when asked', async () => {
    const { json } = await run(
      {
        mode: 'markdownToHtml',
        markdown: '={{ $json.message.content }}',
        destinationKey: 'response',
        options: {},
      },
      { message: { content: '**Hi** <b>there</b>\n\n| a |\n|---|\n| 1 |' } },
    );
    const html = String((json as { response: string }).response);
    expect(html).toContain('<strong>Hi</strong> <b>there</b>');
    expect(html).not.toContain('<table>');
    const tables = await run(
      { mode: 'markdownToHtml', markdown: '={{ $json.text }}', options: { tables: true } },
      { text: '| a |\n|---|\n| 1 |' },
    );
    expect(String((tables.json as { data: string }).data)).toContain('<table>');
  });

  it('refuses content that is not one field, and warns about converter options it drops', () => {
    expect(() => map({ html: '={{ $json.a + $json.b }}' })).toThrow(
      new UnsupportedVariantError(
        'its "html" is an expression, and KlikkFlow converts one field of the item',
      ),
    );
    expect(() => map({ mode: 'markdownToHtml', markdown: '# fixed' })).toThrow(UnsupportedVariantError);
    expect(map({ html: '={{ $json.data }}', options: { ignore: 'a,img' } }).warnings).toEqual([
      'option "ignore" ("a,img") has no KlikkFlow equivalent and is ignored',
    ]);
  });

  it('exports as Markdown v1 reading the same field', () => {
    const n8n = {
      mode: 'htmlToMarkdown',
      html: '={{ $json.content.rendered }}',
      destinationKey: 'text',
      options: { bulletMarker: '-' },
    };
    expect(exportNativeNode([markdownExport], 'core.markdown', map(n8n).parameters)).toEqual({
      n8nType: 'n8n-nodes-base.markdown',
      typeVersion: 1,
      parameters: n8n,
    });
    const toHtml = {
      mode: 'markdownToHtml',
      markdown: '={{ $json["my text"] }}',
      destinationKey: 'data',
      options: { simpleLineBreaks: true },
    };
    expect(exportNativeNode([markdownExport], 'core.markdown', map(toHtml).parameters).parameters).toEqual(
      toHtml,
    );
  });
});
