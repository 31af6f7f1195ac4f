import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { runCode, snapshot } from './fixtures.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

describe('runOnceForAllItems', () => {
  it('sees $input, items, $json (first item) and other nodes; returns items as given', async () => {
    const outcome = await runCode(
      sandbox,
      `const names = $input.all().map((i) => i.json.name);
return [{ json: { names, first: $json.name, count: items.length, fetched: $('Fetch').first().json.id } }];`,
    );
    expect(outcome).toEqual({
      ok: true,
      items: [{ json: { names: ['Ada', 'Bob'], first: 'Ada', count: 2, fetched: 'f0' } }],
      logs: [],
    });
  });

  it('wraps plain objects as {json} and keeps pairedItem and binary of real items', async () => {
    const outcome = await runCode(
      sandbox,
      `return [{ a: 1 }, { json: { b: 2 }, pairedItem: { item: 1 }, binary: { f: { id: 'x', mimeType: 'a/b' } } }];`,
    );
    expect(outcome).toEqual({
      ok: true,
      items: [
        { json: { a: 1 } },
        { json: { b: 2 }, pairedItem: { item: 1 }, binary: { f: { id: 'x', mimeType: 'a/b' } } },
      ],
      logs: [],
    });
  });

  it('wraps a single returned object as one item', async () => {
    expect(await runCode(sandbox, 'return { only: true };')).toEqual({
      ok: true,
      items: [{ json: { only: true } }],
      logs: [],
    });
  });

  it('lets items be modified in place (sloppy globals land in a per-call scope)', async () => {
    const outcome = await runCode(sandbox, 'for (item of items) { item.json.seen = true; }\nreturn items;');
    expect(outcome.ok && outcome.items.map((i) => i.json.seen)).toEqual([true, true]);
    const next = await runCode(sandbox, 'return [{ leaked: typeof item }];');
    expect(next).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR', message: 'item is not defined [line 1]' },
    });
  });

  it('supports await and promises', async () => {
    const outcome = await runCode(
      sandbox,
      `const wait = (v) => new Promise((resolve) => resolve(v));
const v = await wait(21);
return [{ v: v * 2, all: await Promise.all([wait(1), wait(2)]) }];`,
    );
    expect(outcome).toEqual({ ok: true, items: [{ json: { v: 42, all: [1, 2] } }], logs: [] });
  });

  it('converts Luxon dates to ISO text in results', async () => {
    const outcome = await runCode(
      sandbox,
      'return [{ at: $now, day: DateTime.fromMillis(0, { zone: "UTC" }) }];',
    );
    expect(outcome).toEqual({
      ok: true,
      items: [{ json: { at: '2024-03-10T13:34:56.000+01:00', day: '1970-01-01T00:00:00.000Z' } }],
      logs: [],
    });
  });
});

describe('runOnceForEachItem', () => {
  it('runs once per item with $json/$input.item/item, pairing each output to its index', async () => {
    const outcome = await runCode(
      sandbox,
      `if ($json.n === 2) return null;
return { name: $input.item.json.name, same: item === $input.item, idx: $itemIndex, fetched: $('Fetch').item.json.id };`,
      'runOnceForEachItem',
    );
    expect(outcome).toEqual({
      ok: true,
      items: [{ json: { name: 'Ada', same: true, idx: 0, fetched: 'f1' }, pairedItem: { item: 0 } }],
      logs: [],
    });
  });

  it('overrides any pairedItem with the item index and returns nothing for no input', async () => {
    const outcome = await runCode(
      sandbox,
      'return { json: { n: $json.n }, pairedItem: { item: 7 } };',
      'runOnceForEachItem',
    );
    expect(outcome.ok && outcome.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    const empty = await runCode(sandbox, 'return {};', 'runOnceForEachItem', snapshot({ input: [] }));
    expect(empty).toEqual({ ok: true, items: [], logs: [] });
  });

  it('rejects an array result per item', async () => {
    const outcome = await runCode(sandbox, 'return [{ a: 1 }];', 'runOnceForEachItem');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_INVALID_RESULT' } });
    expect(!outcome.ok && outcome.error.message).toContain('item 0');
  });
});

describe('console capture', () => {
  it('formats arguments (strings as is, others as JSON) and returns logs even on error', async () => {
    const outcome = await runCode(
      sandbox,
      `console.log('a', 1, { b: [2] }, null);
console.info('info'); console.warn('warn'); console.error('err'); console.debug(undefined, () => 1, 10n);
throw new Error('boom');`,
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR', message: 'boom [line 3]' },
      logs: ['a 1 {"b":[2]} null', 'info', 'warn', 'err', 'undefined () => 1 10'],
    });
  });

  it('bounds the number and length of captured lines', async () => {
    const outcome = await runCode(
      sandbox,
      "for (let i = 0; i < 1500; i++) console.log(i);\nconsole.log('x'.repeat(20000));\nreturn [];",
    );
    expect(outcome.ok && outcome.logs.length).toBe(1000);
    const long = await runCode(sandbox, "console.log('x'.repeat(20000));\nreturn [];");
    expect(long.ok && long.logs[0]?.length).toBe(10_003);
  });

  it('prints values whose toString and toJSON throw', async () => {
    const outcome = await runCode(
      sandbox,
      'console.log({ toJSON() { throw 1 }, toString() { throw 2 } }, { toJSON() { throw 1 } });\nreturn [];',
    );
    expect(outcome).toEqual({ ok: true, items: [], logs: ['[unprintable] [object Object]'] });
  });
});

describe('errors', () => {
  it('reports the user line of a throw, including after await and inside nested functions', async () => {
    const outcome = await runCode(
      sandbox,
      `const a = 1;\nawait null;\nfunction f() {\n  return a.b.c;\n}\nreturn f();`,
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: 'CODE_ERROR',
        message: "Cannot read properties of undefined (reading 'c') [line 4]",
        details: { line: 4 },
      },
    });
  });

  it('reports syntax errors as CODE_SYNTAX with the line', async () => {
    const outcome = await runCode(sandbox, 'const a = 1;\nconst b = ;\nreturn [];');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_SYNTAX', details: { line: 2 } } });
    expect(!outcome.ok && outcome.error.message).toMatch(/\[line 2\]$/);
  });

  it('a thrown non-error has no line', async () => {
    const outcome = await runCode(sandbox, "throw 'just text';");
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_ERROR', message: 'just text' } });
  });

  it.each([
    ['return;', 'return an array of objects'],
    ['return [1];', 'The item at index 0 is a number, expected an object'],
    ["return ['a'];", 'is a string'],
    ['return [null];', 'is null'],
    ['return [[1]];', 'is an array'],
    ['return [{ json: 5 }];', '"json" property that is not an object'],
    ['return [{ json: {}, binary: 3 }];', '"binary" property that is not an object'],
    ['const a = {}; a.self = a; return [a];', 'cannot be serialised to JSON'],
    ['return 5;', 'The returned value is a number'],
  ])('rejects %s as CODE_INVALID_RESULT', async (code, message) => {
    const outcome = await runCode(sandbox, code);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_INVALID_RESULT' } });
    expect(!outcome.ok && outcome.error.message).toContain(message);
  });
});
