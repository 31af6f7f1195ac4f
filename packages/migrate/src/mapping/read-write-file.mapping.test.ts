import { readWriteFileNode } from '@klikkflow/nodes';
import { runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../../../nodes/test/memory-files.js';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { readWriteFileExport, readWriteFileMappings } from './read-write-file.mapping.js';

const map = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(readWriteFileMappings, 'n8n-nodes-base.readWriteFile', version, parameters);

describe('Read/Write Files from Disk', () => {
  it('reads the named file into the binary property n8n’s options name', async () => {
    const mem = memoryFiles();
    mem.files.set('chinook.db', new TextEncoder().encode('DB'));
    const { parameters } = map(1, { options: { dataPropertyName: 'file' }, fileSelector: 'chinook.db' });
    const { outputs } = await runNode(readWriteFileNode, { parameters, helpers: mem.helpers });
    expect(await mem.text(outputs[0]?.[0]?.binary?.file)).toBe('DB');
  });

  it('writes and appends an item’s binary data', async () => {
    const mem = memoryFiles();
    const ref = await mem.store('line\n', 'text/markdown', 'note.md');
    const { parameters } = map(1.1, {
      options: { append: true },
      fileName: 'out/notes.md',
      operation: 'write',
      dataPropertyName: 'file_0',
    });
    const inputs = [[{ json: {}, binary: { file_0: ref } }]];
    await runNode(readWriteFileNode, { parameters, inputs, helpers: mem.helpers });
    await runNode(readWriteFileNode, { parameters, inputs, helpers: mem.helpers });
    expect(new TextDecoder().decode(mem.files.get('out/notes.md'))).toBe('line\nline\n');
  });

  it('refuses glob patterns but not expressions or literal brackets', () => {
    expect(() => map(1, { fileSelector: '/data/*.csv' })).toThrow(
      new UnsupportedVariantError(
        'it reads every file matching a pattern; KlikkFlow reads one file per item',
      ),
    );
    expect(
      map(1, { fileSelector: "={{ $('CONFIG').first().json.path }}/{{ $json.file }}" }).parameters
        .fileSelector,
    ).toBe("={{ $('CONFIG').first().json.path }}/{{ $json.file }}");
    expect(() => map(1.1, { fileSelector: 'report[1].pdf' })).not.toThrow();
    expect(() => map(1.1, { fileSelector: 'report[1].pdf', options: { literalBrackets: false } })).toThrow(
      UnsupportedVariantError,
    );
  });

  it('exports as 1.1', () => {
    const write = { operation: 'write', fileName: './chinook.db', dataPropertyName: 'file_0', options: {} };
    expect(exportNativeNode([readWriteFileExport], 'core.readWriteFile', map(1, write).parameters)).toEqual({
      n8nType: 'n8n-nodes-base.readWriteFile',
      typeVersion: 1.1,
      parameters: write,
    });
    const read = { operation: 'read', fileSelector: './a.json', options: { fileName: 'a.json' } };
    expect(
      exportNativeNode([readWriteFileExport], 'core.readWriteFile', map(1, read).parameters).parameters,
    ).toEqual(read);
  });
});
