import { convertToFileNode } from '@klikkflow/nodes';
import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../../../nodes/test/memory-files.js';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { convertToFileExport, convertToFileMappings } from './convert-to-file.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const map = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(convertToFileMappings, 'n8n-nodes-base.convertToFile', version, parameters);

/** Maps and runs the node; the files it made, as text, by binary property. */
async function files(version: number, parameters: Record<string, unknown>, items: unknown[]) {
  const mem = memoryFiles();
  const { outputs } = await runNode(convertToFileNode, {
    parameters: map(version, parameters).parameters,
    items,
    helpers: mem.helpers,
  });
  return Promise.all(
    (outputs[0] ?? []).map(async (item) => {
      const [property, ref] = Object.entries(item.binary ?? {})[0] ?? [];
      return { property, fileName: ref?.fileName, text: await mem.text(ref) };
    }),
  );
}

const rows = [
  { name: 'Ada', age: 36 },
  { name: 'Linus', age: 28 },
];

describe('Convert to File', () => {
  it('1.1: writes all items as one CSV file by default', async () => {
    expect(await files(1.1, { options: {} }, rows)).toEqual([
      { property: 'data', fileName: 'data.csv', text: 'name,age\nAda,36\nLinus,28\n' },
    ]);
  });

  it('1.1: writes a field of each item as a text file with the given name', async () => {
    const out = await files(
      1.1,
      { options: { fileName: 'emailBody.txt' }, operation: 'toText', sourceProperty: 'textBody' },
      [{ textBody: 'Hello' }],
    );
    expect(out).toEqual([{ property: 'data', fileName: 'emailBody.txt', text: 'Hello' }]);
  });

  it('1: writes JSON, one file per item when asked, formatted when asked', async () => {
    const out = await files(
      1,
      { operation: 'toJson', mode: 'each', binaryPropertyName: 'json', options: { format: true } },
      rows,
    );
    expect(out.map((file) => [file.property, JSON.parse(file.text)])).toEqual([
      ['json', rows[0]],
      ['json', rows[1]],
    ]);
    expect(out[0]?.text).toContain('\n  "name"');
  });

  it('refuses formats KlikkFlow does not write and base64 decoding', () => {
    expect(() => map(1.1, { operation: 'toBinary', sourceProperty: 'data' })).toThrow(
      UnsupportedVariantError,
    );
    expect(() => map(1.1, { operation: 'ods' })).toThrow(
      new UnsupportedVariantError('it writes ODS files; KlikkFlow writes CSV, JSON, text and XLSX'),
    );
  });

  it('exports as 1.1 with n8n’s operation names', () => {
    const n8n = {
      operation: 'toJson',
      mode: 'once',
      binaryPropertyName: 'data',
      options: { fileName: 'out.json', format: true },
    };
    expect(exportNativeNode([convertToFileExport], 'core.convertToFile', map(1.1, n8n).parameters)).toEqual({
      n8nType: 'n8n-nodes-base.convertToFile',
      typeVersion: 1.1,
      parameters: n8n,
    });
  });
});
