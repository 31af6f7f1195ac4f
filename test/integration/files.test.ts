import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfinedFileAccess, createFileBlobStore, type FileBlobStore } from '@klikkflow/core';
import type { FileAccess } from '@klikkflow/engine';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, json, realEngine, sandbox, trigger } from './harness.js';

afterAll(() => sandbox.dispose());

let base: string;
let filesRoot: string;
let blobRoot: string;
let blobs: FileBlobStore;
let files: FileAccess;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'klikkflow-files-it-'));
  filesRoot = join(base, 'files');
  blobRoot = join(base, 'binary');
  await mkdir(join(filesRoot, 'input'), { recursive: true });
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
  blobs = createFileBlobStore({ root: blobRoot });
  files = createConfinedFileAccess({ roots: [filesRoot] });
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const read = (name: string, fileSelector: string, options: Record<string, unknown> = {}) => ({
  name,
  type: 'core.readWriteFile',
  parameters: { operation: 'read', fileSelector, options },
});
const write = (name: string, fileName: string, options: Record<string, unknown> = {}) => ({
  name,
  type: 'core.readWriteFile',
  parameters: { operation: 'write', fileName, options },
});
const extract = (name: string, operation: string, options: Record<string, unknown> = {}) => ({
  name,
  type: 'core.extractFromFile',
  parameters: { operation, options },
});
const convert = (name: string, operation: string, parameters: Record<string, unknown> = {}) => ({
  name,
  type: 'core.convertToFile',
  parameters: { operation, ...parameters },
});

describe('files and binary data through real workflows', () => {
  it('reads a CSV, converts it to XLSX, writes it, reads it back and extracts the same rows', async () => {
    await writeFile(join(filesRoot, 'input/people.csv'), 'name,city\nAda,"London, UK"\nLinus,Helsinki\n');
    const wf = build(
      [
        trigger,
        read('Read CSV', 'input/people.csv'),
        extract('Parse CSV', 'csv'),
        convert('To XLSX', 'xlsx', { options: { sheetName: 'People', fileName: 'people.xlsx' } }),
        write('Write XLSX', 'out/people.xlsx'),
        read('Read XLSX', join(filesRoot, 'out/people.xlsx')),
        extract('Parse XLSX', 'xlsx', { sheetName: 'People' }),
      ],
      [
        'Start->Read CSV',
        'Read CSV->Parse CSV',
        'Parse CSV->To XLSX',
        'To XLSX->Write XLSX',
        'Write XLSX->Read XLSX',
        'Read XLSX->Parse XLSX',
      ],
    );
    const result = await realEngine({ blobs, files }).run({ workflow: wf, triggerItems: [{ json: {} }] });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('success');
    const rows = [
      { name: 'Ada', city: 'London, UK' },
      { name: 'Linus', city: 'Helsinki' },
    ];
    expect(json(result.runData, 'Parse CSV')).toEqual(rows);
    expect(json(result.runData, 'Write XLSX')).toEqual([
      { fileName: 'out/people.xlsx', fileSize: expect.any(Number) },
    ]);
    expect(json(result.runData, 'Parse XLSX')).toEqual(rows);
    // Binary data stays in the blob store: run data carries references only.
    const ref = result.runData['To XLSX']?.[0]?.outputs?.[0]?.[0]?.binary?.data;
    expect(ref).toMatchObject({ fileName: 'people.xlsx', fileExtension: 'xlsx' });
    expect(ref?.id.startsWith(`${result.executionId}/`)).toBe(true);
    expect((await readFile(join(filesRoot, 'out/people.xlsx'))).subarray(0, 2).toString()).toBe('PK');
    expect((await readdir(join(blobRoot, result.executionId))).length).toBe(3);
    await blobs.deleteExecution(result.executionId);
    await expect(readdir(join(blobRoot, result.executionId))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes one JSON file per item under a name computed by an expression, appending a log', async () => {
    const wf = build(
      [
        trigger,
        convert('To JSON', 'json', { mode: 'each', options: { fileName: '={{ $json.id }}.json' } }),
        write('Write JSON', '=items/{{ $json.id }}.json'),
        convert('To Text', 'text', { sourceProperty: 'line' }),
        write('Append Log', 'log.txt', { append: true }),
      ],
      ['Start->To JSON', 'To JSON->Write JSON', 'Write JSON->To Text', 'To Text->Append Log'],
    );
    const triggerItems = ['a', 'b'].map((id) => ({ json: { id, line: `${id}\n` } }));
    const result = await realEngine({ blobs, files }).run({ workflow: wf, triggerItems });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(await readFile(join(filesRoot, 'items/b.json'), 'utf8'))).toEqual({
      id: 'b',
      line: 'b\n',
    });
    expect(await readFile(join(filesRoot, 'log.txt'), 'utf8')).toBe('a\nb\n');
  });

  it.each([
    ['a relative traversal', '../outside/secret.txt', 'traversal'],
    ['an absolute path outside the roots', '/etc/passwd', 'outside-roots'],
    ['a symlink leading outside', 'escape/secret.txt', 'symlink-escape'],
  ])('fails the node with FILE_ACCESS_DENIED on %s', async (_label, path, rule) => {
    await symlink(join(base, 'outside'), join(filesRoot, 'escape'));
    const wf = build([trigger, read('Read', path)], ['Start->Read']);
    const result = await realEngine({ blobs, files }).run({ workflow: wf, triggerItems: [{ json: {} }] });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'FILE_ACCESS_DENIED', nodeName: 'Read', details: { rule } });
  });

  it('refuses to write through a symlinked folder leading outside, leaving the outside untouched', async () => {
    await symlink(join(base, 'outside'), join(filesRoot, 'escape'));
    const wf = build(
      [trigger, convert('To Text', 'text', { sourceProperty: 'x' }), write('Write', 'escape/secret.txt')],
      ['Start->To Text', 'To Text->Write'],
    );
    const result = await realEngine({ blobs, files }).run({
      workflow: wf,
      triggerItems: [{ json: { x: 'pwned' } }],
    });
    expect(result.error).toMatchObject({ code: 'FILE_ACCESS_DENIED', nodeName: 'Write' });
    expect(await readFile(join(base, 'outside', 'secret.txt'), 'utf8')).toBe('secret');
  });

  it("enforces the blob store's size limit on files read from disk", async () => {
    await writeFile(join(filesRoot, 'input/big.txt'), 'x'.repeat(2048));
    const small = createFileBlobStore({ root: blobRoot, maxBytes: 1024 });
    const wf = build([trigger, read('Read', 'input/big.txt')], ['Start->Read']);
    const result = await realEngine({ blobs: small, files }).run({
      workflow: wf,
      triggerItems: [{ json: {} }],
    });
    expect(result.error).toMatchObject({ code: 'BINARY_TOO_LARGE', nodeName: 'Read' });
  });
});
