import { htmlNode } from '@klikkflow/nodes';
import { jsonOf, runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { htmlExport, htmlMappings } from './html.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const page = `<html><body>
  <h2 class="title">  Hello
    world </h2>
  <a class="link" href="/a">A</a><a class="link" href="/b">B</a>
</body></html>`;

const map = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(htmlMappings, 'n8n-nodes-base.html', version, parameters);

async function run(
  version: number,
  parameters: Record<string, unknown>,
  items: unknown[] = [{ data: page }],
) {
  const mapped = map(version, parameters);
  const { outputs } = await runNode(htmlNode, { parameters: mapped.parameters, items });
  return { json: jsonOf(outputs[0]), warnings: mapped.warnings };
}

describe('HTML', () => {
  it('1.2: extracts attributes as lists and text as it is (no trimming unless asked, as in n8n)', async () => {
    const { json, warnings } = await run(1.2, {
      options: {},
      operation: 'extractHtmlContent',
      extractionValues: {
        values: [
          {
            key: 'links',
            attribute: 'href',
            cssSelector: '.link',
            returnArray: true,
            returnValue: 'attribute',
          },
          { key: 'title', cssSelector: 'h2.title' },
        ],
      },
    });
    expect(json).toEqual([{ links: ['/a', '/b'], title: '  Hello\n    world ' }]);
    expect(warnings).toEqual([
      "text is the element's text content; n8n 1.2 lays text out with html-to-text (line breaks, upper-case headings, link targets)",
    ]);
  });

  it('1.1: trims and cleans up text when the options say so, and returns inner HTML', async () => {
    const { json, warnings } = await run(1.1, {
      operation: 'extractHtmlContent',
      extractionValues: {
        values: [
          { key: 'title', cssSelector: 'h2.title' },
          { key: 'first', cssSelector: 'a.link', returnValue: 'html' },
        ],
      },
      options: { trimValues: true, cleanUpText: true },
    });
    expect(json).toEqual([{ title: 'Hello world', first: 'A' }]);
    expect(warnings).toEqual([]);
  });

  it('1: converts all items to one HTML table', async () => {
    const { json } = await run(1, { operation: 'convertToHtmlTable', options: { capitalize: true } }, [
      { name: 'Ada', age: 36 },
      { name: 'Linus', age: 28 },
    ]);
    const table = String((json[0] as { table: string }).table);
    expect(table).toContain('>Name</th>');
    expect(table).toContain('>Linus</td>');
  });

  it('refuses the template operation, which is n8n’s default', () => {
    const template = new UnsupportedVariantError(
      "it renders an HTML template; KlikkFlow's HTML node has no template operation",
    );
    expect(() => map(1.2, { html: '<p>{{ $json.name }}</p>' })).toThrow(template);
    expect(() => map(1, {})).toThrow(template);
  });

  it('exports as 1.2 with the operation and the native cleaning made explicit', () => {
    const n8n = {
      operation: 'extractHtmlContent',
      sourceData: 'json',
      dataPropertyName: 'data',
      extractionValues: {
        values: [
          { key: 'url', cssSelector: 'a', returnValue: 'attribute', attribute: 'href', returnArray: true },
        ],
      },
      options: { trimValues: false, cleanUpText: false },
    };
    expect(exportNativeNode([htmlExport], 'core.html', map(1.2, n8n).parameters)).toEqual({
      n8nType: 'n8n-nodes-base.html',
      typeVersion: 1.2,
      parameters: n8n,
    });
    expect(exportNativeNode([htmlExport], 'core.html', { extractionValues: [] }).parameters).toEqual({
      operation: 'extractHtmlContent',
      extractionValues: { values: [] },
      options: { trimValues: true, cleanUpText: true },
    });
  });
});
