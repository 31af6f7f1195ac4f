import { extractFromFileNode } from '@klikkflow/nodes';
import { jsonOf, runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../../../nodes/test/memory-files.js';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { extractFromFileExport, extractFromFileMappings } from './extract-from-file.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const map = (parameters: Record<string, unknown>) =>
  mapN8nNode(extractFromFileMappings, 'n8n-nodes-base.extractFromFile', 1, parameters);

/** Maps and runs the node on one item holding `content` in the binary property `property`. */
async function extract(parameters: Record<string, unknown>, content: string, property = 'data') {
  const mem = memoryFiles();
  const ref = await mem.store(content, 'text/plain', 'file');
  const { outputs } = await runNode(extractFromFileNode, {
    parameters: map(parameters).parameters,
    inputs: [[{ json: {}, binary: { [property]: ref } }]],
    helpers: mem.helpers,
  });
  return jsonOf(outputs[0]);
}

describe('Extract from File', () => {
  it('reads CSV rows by default, with a delimiter', async () => {
    expect(await extract({ options: {} }, 'name,age\nAda,36\n')).toEqual([{ name: 'Ada', age: '36' }]);
    expect(await extract({ options: { delimiter: ';' } }, 'a;b\n1;2\n')).toEqual([{ a: '1', b: '2' }]);
  });

  it('reads a text file into the destination field from a named binary property', async () => {
    expect(
      await extract(
        { options: {}, operation: 'text', destinationKey: 'content', binaryPropertyName: 'attachment_0' },
        'Hello',
        'attachment_0',
      ),
    ).toEqual([{ content: 'Hello' }]);
  });

  it('reads JSON files, warning that n8n nests them under "data"', async () => {
    const mapped = map({ options: {}, operation: 'fromJson' });
    expect(mapped.warnings).toEqual([
      'the JSON file becomes the item itself (one item per array element); n8n puts it under the "data" field',
    ]);
    expect(await extract({ operation: 'fromJson' }, '[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('refuses formats KlikkFlow cannot read, PDF first of all', () => {
    expect(() => map({ options: {}, operation: 'pdf' })).toThrow(
      new UnsupportedVariantError('it reads PDF; KlikkFlow reads CSV, JSON, text and XLSX files'),
    );
    expect(() => map({ operation: 'binaryToPropery' })).toThrow(UnsupportedVariantError);
  });

  it('exports as 1.1', () => {
    const n8n = {
      operation: 'xlsx',
      binaryPropertyName: 'file',
      options: { sheetName: 'Orders', headerRow: false },
    };
    expect(exportNativeNode([extractFromFileExport], 'core.extractFromFile', map(n8n).parameters)).toEqual({
      n8nType: 'n8n-nodes-base.extractFromFile',
      typeVersion: 1.1,
      parameters: n8n,
    });
  });
});
