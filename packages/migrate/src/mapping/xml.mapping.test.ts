import { xmlNode } from '@klikkflow/nodes';
import { jsonOf, runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { xmlExport, xmlMappings } from './xml.mapping.js';

async function run(parameters: Record<string, unknown>, item: Record<string, unknown>) {
  const mapped = mapN8nNode(xmlMappings, 'n8n-nodes-base.xml', 1, parameters);
  const { outputs } = await runNode(xmlNode, { parameters: mapped.parameters, items: [item] });
  return { json: jsonOf(outputs[0])[0], warnings: mapped.warnings, parameters: mapped.parameters };
}

const order = '<order id="7"><item sku="a">Pen</item></order>';

describe('XML', () => {
  it('parses XML to JSON by default, merging attributes into their element as n8n does', async () => {
    const { json } = await run({ options: {} }, { data: order });
    expect(json).toEqual({ order: { id: '7', item: { _: 'Pen', sku: 'a' } } });
  });

  it('keeps attributes apart when told to, and warns about options it drops', async () => {
    const { json, warnings } = await run(
      { options: { mergeAttrs: false, normalizeTags: true } },
      { data: order },
    );
    expect(json).toEqual({ order: { $: { id: '7' }, item: { _: 'Pen', $: { sku: 'a' } } } });
    expect(warnings).toEqual(['option "normalizeTags" (true) has no KlikkFlow equivalent and is ignored']);
  });

  it('writes JSON as XML, using the single top-level key as root while the root name is n8n’s default', async () => {
    const { json } = await run(
      { mode: 'jsonToXml', dataPropertyName: 'xml', options: { headless: true, rootName: 'root' } },
      { note: { to: 'Ada' } },
    );
    expect(json).toEqual({ xml: '<note>\n  <to>Ada</to>\n</note>' });
  });

  it('exports as XML v1 with n8n’s option names', () => {
    const n8n = {
      mode: 'xmlToJson',
      dataPropertyName: 'body',
      options: { ignoreAttrs: true, mergeAttrs: true },
    };
    const native = mapN8nNode(xmlMappings, 'n8n-nodes-base.xml', 1, n8n).parameters;
    expect(exportNativeNode([xmlExport], 'core.xml', native)).toEqual({
      n8nType: 'n8n-nodes-base.xml',
      typeVersion: 1,
      parameters: n8n,
    });
    expect(exportNativeNode([xmlExport], 'core.xml', {}).parameters).toEqual({
      mode: 'xmlToJson',
      dataPropertyName: 'data',
      options: { mergeAttrs: false },
    });
  });
});
