import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, runCode, snapshot, value } from './fixtures.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

/** Reads, inside the isolate, the state that a previous call might have polluted. */
const CLEAN_CHECK = `[
  typeof ({}).polluted, typeof [].polluted, typeof globalThis.leak, Object.prototype.toString.call([]),
  JSON.stringify({ a: 1 }), 'a '.trim(), typeof Math.random(), String([1, 2]), typeof Promise.prototype.then,
  $now.toISO(), DateTime.fromMillis(0, { zone: 'UTC' }).toISO(), $now.offset
]`;

async function expectClean() {
  expect(await value(sandbox, CLEAN_CHECK)).toEqual([
    'undefined',
    'undefined',
    'undefined',
    '[object Array]',
    '{"a":1}',
    'a',
    'number',
    '1,2',
    'function',
    '2024-03-10T13:34:56.000+01:00',
    '1970-01-01T00:00:00.000Z',
    60,
  ]);
}

describe('one call cannot affect the next', () => {
  it.each([
    'Object.prototype.polluted = 1',
    'Array.prototype.polluted = 1',
    '({}).__proto__.polluted = 1',
    'globalThis.leak = 1',
    'Object.defineProperty(Object.prototype, "polluted", { value: 1 })',
    'Object.prototype.toString = () => "hacked"',
    'JSON.stringify = () => "x"',
    'String.prototype.trim = () => "x"',
    'Math.random = () => "x"',
    'Array.prototype.join = () => "x"',
    'Promise.prototype.then = null',
    'DateTime.prototype.toISO = () => "x"',
    'DateTime.fromMillis = () => null',
    '$now.zone.offset = () => 999',
    'Object.getPrototypeOf($now.loc).clone = null',
    'Object.getPrototypeOf($now.zone).offset = () => 999',
    'delete Object.prototype.toString',
  ])('expression %s fails or leaves no trace', async (attack) => {
    await evaluate(sandbox, `(() => { ${attack}; return 1; })()`);
    await expectClean();
  });

  it.each([
    'Object.prototype.polluted = 1;',
    'leak = 1;',
    'globalThis.leak = 1;',
    'Error.prepareStackTrace = () => "x";',
    'Object.getPrototypeOf(async function () {}).constructor.prototype.polluted = 1;',
    'Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true });',
    'Object.getPrototypeOf(function* () {}).prototype.polluted = 1;',
  ])('code %s fails or leaves no trace', async (attack) => {
    await runCode(sandbox, `${attack}\nreturn [];`);
    await expectClean();
    expect(await value(sandbox, '[...[1, 2]].length')).toBe(2);
  });

  it('sloppy-mode globals of one Code run are gone in the next', async () => {
    expect(await runCode(sandbox, 'counter = 41;\nreturn [{ counter }];')).toMatchObject({ ok: true });
    expect(await runCode(sandbox, 'return [{ t: typeof counter }];')).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR' },
    });
  });

  it('user subclasses may still set name/message/toString on their own objects', async () => {
    const outcome = await runCode(
      sandbox,
      `class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
const o = {}; o.toString = () => 'custom'; o.constructor = 'c';
const e = new Error(); e.message = 'set later';
return [{ name: new MyError('x').name, str: String(o), c: o.constructor, m: e.message }];`,
    );
    expect(outcome).toEqual({
      ok: true,
      items: [{ json: { name: 'MyError', str: 'custom', c: 'c', m: 'set later' } }],
      logs: [],
    });
    expect(await evaluate(sandbox, '(() => { Object.prototype.toString = 1 })()')).toMatchObject({
      ok: false,
    });
    await expectClean();
  });

  it('different time zones in consecutive calls do not bleed', async () => {
    expect(await value(sandbox, '$now.toISO()', 0, snapshot({ timezone: 'America/New_York' }))).toBe(
      '2024-03-10T08:34:56.000-04:00',
    );
    expect(await value(sandbox, 'DateTime.now().zoneName', 0, snapshot({ timezone: 'Asia/Tokyo' }))).toBe(
      'Asia/Tokyo',
    );
    await expectClean();
  });
});
