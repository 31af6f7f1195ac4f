import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { memoryFiles } from '../test/memory-files.js';
import { convertToFileNode } from './convert-to-file.node.js';
import { readXlsx } from './shared/spreadsheet.js';

const people = [
  { name: 'Ada', age: 36, admin: true },
  { name: 'Linus, Jr.', tags: ['a', 'b'], admin: false },
];

describe('core.convertToFile', () => {
  it('writes all items as one CSV file: union of columns, quoting, JSON for objects, paired to every item', async () => {
    const mem = memoryFiles();
    const { outputs } = await runNode(convertToFileNode, { items: people, helpers: mem.helpers });
    expect(outputs[0]).toHaveLength(1);
    const [item] = outputs[0] ?? [];
    expect(item?.json).toEqual({});
    expect(item?.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
    expect(item?.binary?.data).toMatchObject({
      mimeType: 'text/csv',
      fileName: 'data.csv',
      fileExtension: 'csv',
    });
    expect(await mem.text(item?.binary?.data)).toBe(
      'name,age,admin,tags\nAda,36,true,\n"Linus, Jr.",,false,"[""a"",""b""]"\n',
    );
  });

  it('honours delimiter, header row, file name and binary property name', async () => {
    const mem = memoryFiles();
    const { outputs } = await runNode(convertToFileNode, {
      items: [{ a: 1, b: 'x;y' }],
      helpers: mem.helpers,
      parameters: {
        binaryPropertyName: 'report',
        options: { delimiter: ';', headerRow: false, fileName: 'out.csv' },
      },
    });
    const ref = outputs[0]?.[0]?.binary?.report;
    expect(ref?.fileName).toBe('out.csv');
    expect(await mem.text(ref)).toBe('1;"x;y"\n');
  });

  it('writes JSON: all items as one array (pretty on request) or one file per item keeping the item', async () => {
    const mem = memoryFiles();
    const all = await runNode(convertToFileNode, {
      items: people,
      helpers: mem.helpers,
      parameters: { operation: 'json', options: { pretty: true } },
    });
    const allRef = all.outputs[0]?.[0]?.binary?.data;
    expect(allRef).toMatchObject({ mimeType: 'application/json', fileName: 'data.json' });
    const text = await mem.text(allRef);
    expect(JSON.parse(text)).toEqual(people);
    expect(text).toContain('\n  {');

    const each = await runNode(convertToFileNode, {
      items: people,
      helpers: mem.helpers,
      parameters: (index) => ({ operation: 'toJson', mode: 'each', options: { fileName: `p${index}.json` } }),
    });
    expect(each.outputs[0]?.map((item) => item.json)).toEqual(people);
    expect(each.outputs[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(each.outputs[0]?.map((item) => item.binary?.data?.fileName)).toEqual(['p0.json', 'p1.json']);
    expect(await mem.text(each.outputs[0]?.[1]?.binary?.data)).toBe(JSON.stringify(people[1]));
  });

  it("writes a field's value as a text file per item, keeping the input's other binaries", async () => {
    const mem = memoryFiles();
    const other = await mem.store('old', 'text/plain', 'old.txt');
    const { outputs } = await runNode(convertToFileNode, {
      inputs: [
        [{ json: { note: { body: 'hello' } }, binary: { other } }, { json: { note: { body: { x: 1 } } } }],
      ],
      helpers: mem.helpers,
      parameters: { operation: 'text', sourceProperty: 'note.body' },
    });
    const [first, second] = outputs[0] ?? [];
    expect(first?.binary?.other).toEqual(other);
    expect(first?.binary?.data).toMatchObject({ mimeType: 'text/plain', fileName: 'data.txt' });
    expect(await mem.text(first?.binary?.data)).toBe('hello');
    expect(await mem.text(second?.binary?.data)).toBe('{"x":1}');
  });

  it('fails naming the item when the text field is missing', async () => {
    const error = await runNodeExpectingError(convertToFileNode, {
      items: [{ data: 'ok' }, { other: 1 }],
      helpers: memoryFiles().helpers,
      parameters: { operation: 'text' },
    });
    expect(error).toMatchObject({ code: 'NODE_PARAMETER_INVALID', details: { itemIndex: 1 } });
  });

  it('writes an XLSX sheet with native numbers and booleans under the chosen sheet name', async () => {
    const mem = memoryFiles();
    const { outputs } = await runNode(convertToFileNode, {
      items: people,
      helpers: mem.helpers,
      parameters: { operation: 'xlsx', options: { sheetName: 'People' } },
    });
    const ref = outputs[0]?.[0]?.binary?.data;
    expect(ref).toMatchObject({
      fileName: 'data.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const data = await mem.helpers.readBinary(ref as NonNullable<typeof ref>);
    expect(await readXlsx(data, 'People')).toEqual([
      ['name', 'age', 'admin', 'tags'],
      ['Ada', 36, true],
      ['Linus, Jr.', null, false, '["a","b"]'],
    ]);
  });

  it('refuses an unknown operation and passes blob store limits on', async () => {
    const bad = await runNodeExpectingError(convertToFileNode, {
      items: people,
      helpers: memoryFiles().helpers,
      parameters: { operation: 'pdf' },
    });
    expect(bad.code).toBe('NODE_PARAMETER_INVALID');
    const big = await runNodeExpectingError(convertToFileNode, {
      items: people,
      helpers: memoryFiles({ maxBytes: 10 }).helpers,
    });
    expect(big.code).toBe('BINARY_TOO_LARGE');
  });

  it('outputs nothing for no items', async () => {
    const { outputs } = await runNode(convertToFileNode, { inputs: [[]], helpers: memoryFiles().helpers });
    expect(outputs).toEqual([[]]);
  });
});
