import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import type { BinaryRef, Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../test/memory-files.js';
import { extractFromFileNode } from './extract-from-file.node.js';
import { writeXlsx } from './shared/spreadsheet.js';

const withFile = (data: BinaryRef, json: Record<string, unknown> = {}): Item => ({ json, binary: { data } });

describe('core.extractFromFile', () => {
  it('reads CSV rows as items named by the header (BOM, quotes, blank lines), paired to the file item', async () => {
    const mem = memoryFiles();
    const a = await mem.store('\uFEFFname,city\nAda,"London, UK"\n\nLinus,Helsinki\n', 'text/csv', 'a.csv');
    const b = await mem.store('name;city\nGrace;NYC\n', 'text/csv', 'b.csv');
    const { outputs } = await runNode(extractFromFileNode, {
      inputs: [[withFile(a), withFile(b)]],
      helpers: mem.helpers,
      parameters: (index) => ({ options: { delimiter: index === 1 ? ';' : ',' } }),
    });
    expect(jsonOf(outputs[0])).toEqual([
      { name: 'Ada', city: 'London, UK' },
      { name: 'Linus', city: 'Helsinki' },
      { name: 'Grace', city: 'NYC' },
    ]);
    expect(outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
  });

  it('reads CSV without a header row as { row: [...] }', async () => {
    const mem = memoryFiles();
    const ref = await mem.store('1,2\n3,4\n', 'text/csv');
    const { outputs } = await runNode(extractFromFileNode, {
      inputs: [[withFile(ref)]],
      helpers: mem.helpers,
      parameters: { options: { headerRow: false } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ row: ['1', '2'] }, { row: ['3', '4'] }]);
  });

  it('names the item and file when a CSV is malformed or not UTF-8', async () => {
    const mem = memoryFiles();
    const good = await mem.store('a\n1\n', 'text/csv', 'good.csv');
    const unclosed = await mem.store('a,b\n"1,2\n', 'text/csv', 'broken.csv');
    const error = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(good), withFile(unclosed)]],
      helpers: mem.helpers,
    });
    expect(error).toMatchObject({
      code: 'NODE_FILE_MALFORMED',
      details: { itemIndex: 1, fileName: 'broken.csv' },
    });
    expect(error.message).toContain('"broken.csv" of item 1 is not valid CSV');
    const ragged = await mem.store('a,b\n1,2,3\n', 'text/csv', 'ragged.csv');
    const raggedError = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(ragged)]],
      helpers: mem.helpers,
    });
    expect(raggedError.code).toBe('NODE_FILE_MALFORMED');
    const latin1 = await mem.store(new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]), 'text/csv', 'latin1.csv');
    const encodingError = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(latin1)]],
      helpers: mem.helpers,
    });
    expect(encodingError.code).toBe('NODE_FILE_MALFORMED');
  });

  it('reads JSON: an array gives one item per element, an object one item, scalars land under data', async () => {
    const mem = memoryFiles();
    const array = await mem.store('[{"a":1},2,[3]]', 'application/json');
    const object = await mem.store('{"b":{"c":true}}', 'application/json');
    const { outputs } = await runNode(extractFromFileNode, {
      inputs: [[withFile(array), withFile(object)]],
      helpers: mem.helpers,
      parameters: { operation: 'fromJson' },
    });
    expect(jsonOf(outputs[0])).toEqual([{ a: 1 }, { data: 2 }, { data: [3] }, { b: { c: true } }]);
    const broken = await mem.store('{"a":', 'application/json', 'x.json');
    const error = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(broken)]],
      helpers: mem.helpers,
      parameters: { operation: 'json' },
    });
    expect(error).toMatchObject({ code: 'NODE_FILE_MALFORMED', details: { format: 'JSON', itemIndex: 0 } });
  });

  it('reads text into the destination field', async () => {
    const mem = memoryFiles();
    const ref = await mem.store('héllo\nworld', 'text/plain');
    const { outputs } = await runNode(extractFromFileNode, {
      inputs: [[withFile(ref, { keep: 'no' })]],
      helpers: mem.helpers,
      parameters: { operation: 'text', destinationKey: 'content.body' },
    });
    expect(jsonOf(outputs[0])).toEqual([{ content: { body: 'héllo\nworld' } }]);
  });

  it('reads XLSX rows of the first or a named sheet, and reports a missing sheet or a non-XLSX file', async () => {
    const mem = memoryFiles();
    const bytes = await writeXlsx(
      [
        ['id', 'when', ''],
        [1, 'x', 'extra'],
      ],
      'First',
    );
    const ref = await mem.store(bytes, 'application/octet-stream', 'book.xlsx');
    const first = await runNode(extractFromFileNode, {
      inputs: [[withFile(ref)]],
      helpers: mem.helpers,
      parameters: { operation: 'xlsx' },
    });
    expect(jsonOf(first.outputs[0])).toEqual([{ id: 1, when: 'x', column_3: 'extra' }]);
    const missing = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(ref)]],
      helpers: mem.helpers,
      parameters: { operation: 'xlsx', options: { sheetName: 'Nope' } },
    });
    expect(missing.code).toBe('NODE_FILE_MALFORMED');
    expect(missing.message).toContain('no sheet "Nope" (sheets: First)');
    const notXlsx = await mem.store('a,b', 'text/csv', 'a.csv');
    const error = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(notXlsx)]],
      helpers: mem.helpers,
      parameters: { operation: 'xlsx' },
    });
    expect(error).toMatchObject({
      code: 'NODE_FILE_MALFORMED',
      details: { format: 'XLSX', fileName: 'a.csv' },
    });
  });

  it('fails naming the item and property when the binary is missing', async () => {
    const mem = memoryFiles();
    const ref = await mem.store('a\n1\n', 'text/csv');
    const error = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(ref), { json: {} }]],
      helpers: mem.helpers,
    });
    expect(error).toMatchObject({
      code: 'NODE_BINARY_MISSING',
      details: { itemIndex: 1, binaryPropertyName: 'data' },
    });
    const other = await runNodeExpectingError(extractFromFileNode, {
      inputs: [[withFile(ref)]],
      helpers: mem.helpers,
      parameters: { binaryPropertyName: 'file' },
    });
    expect(other.message).toContain('(it has: data)');
  });
});
