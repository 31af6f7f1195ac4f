import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../test/memory-files.js';
import { readWriteFileNode } from './read-write-file.node.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('core.readWriteFile', () => {
  it('reads a file per item into binary data with a MIME type guessed from its name', async () => {
    const mem = memoryFiles();
    mem.files.set('in/a.csv', encode('a\n1\n'));
    mem.files.set('in/b.bin', encode('xyz'));
    const { outputs } = await runNode(readWriteFileNode, {
      items: [{ path: 'in/a.csv' }, { path: 'in/b.bin' }],
      helpers: mem.helpers,
      parameters: (index) => ({ fileSelector: index === 0 ? 'in/a.csv' : 'in/b.bin' }),
    });
    const [a, b] = outputs[0] ?? [];
    expect(a?.json).toEqual({ fileName: 'a.csv', filePath: 'in/a.csv', fileSize: 4, mimeType: 'text/csv' });
    expect(a?.binary?.data).toMatchObject({ fileName: 'a.csv', mimeType: 'text/csv', fileExtension: 'csv' });
    expect(await mem.text(a?.binary?.data)).toBe('a\n1\n');
    expect(b?.json.mimeType).toBe('application/octet-stream');
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('lets the binary property, file name and MIME type be chosen', async () => {
    const mem = memoryFiles();
    mem.files.set('x', encode('{}'));
    const { outputs } = await runNode(readWriteFileNode, {
      helpers: mem.helpers,
      parameters: {
        fileSelector: 'x',
        binaryPropertyName: 'file',
        options: { fileName: 'x.json', mimeType: 'application/x-custom' },
      },
    });
    expect(outputs[0]?.[0]?.binary?.file).toMatchObject({
      fileName: 'x.json',
      mimeType: 'application/x-custom',
    });
  });

  it("writes each item's binary data, appending on request, and keeps the item", async () => {
    const mem = memoryFiles();
    const first = await mem.store('one\n', 'text/plain', 'a.txt');
    const second = await mem.store('two\n', 'text/plain', 'b.txt');
    const { outputs } = await runNode(readWriteFileNode, {
      inputs: [
        [
          { json: { n: 1 }, binary: { data: first } },
          { json: { n: 2 }, binary: { data: second } },
        ],
      ],
      helpers: mem.helpers,
      parameters: { operation: 'write', fileName: 'out/log.txt', options: { append: true } },
    });
    expect(new TextDecoder().decode(mem.files.get('out/log.txt'))).toBe('one\ntwo\n');
    expect(outputs[0]?.map((item) => item.json)).toEqual([
      { n: 1, fileName: 'out/log.txt', fileSize: 4 },
      { n: 2, fileName: 'out/log.txt', fileSize: 8 },
    ]);
    expect(outputs[0]?.[1]?.binary?.data).toEqual(second);
    await runNode(readWriteFileNode, {
      inputs: [[{ json: {}, binary: { data: second } }]],
      helpers: mem.helpers,
      parameters: { operation: 'write', fileName: 'out/log.txt' },
    });
    expect(new TextDecoder().decode(mem.files.get('out/log.txt'))).toBe('two\n');
  });

  it('fails clearly on a missing path, missing binary, or a refused path', async () => {
    const mem = memoryFiles();
    const noPath = await runNodeExpectingError(readWriteFileNode, { helpers: mem.helpers });
    expect(noPath).toMatchObject({ code: 'NODE_PARAMETER_INVALID', details: { parameter: 'fileSelector' } });
    const noBinary = await runNodeExpectingError(readWriteFileNode, {
      helpers: mem.helpers,
      parameters: { operation: 'write', fileName: 'a.txt' },
    });
    expect(noBinary.code).toBe('NODE_BINARY_MISSING');
    const missing = await runNodeExpectingError(readWriteFileNode, {
      helpers: mem.helpers,
      parameters: { fileSelector: 'nope.txt' },
    });
    expect(missing.code).toBe('FILE_NOT_FOUND');
    const data = await mem.store('x', 'text/plain');
    const denied = await runNodeExpectingError(readWriteFileNode, {
      inputs: [[{ json: {}, binary: { data } }]],
      helpers: mem.helpers,
      parameters: { operation: 'write', fileName: '../escape.txt' },
    });
    expect(denied.code).toBe('FILE_ACCESS_DENIED');
  });
});
