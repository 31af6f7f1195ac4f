import type { CodeRunRequest } from '@klikkflow/engine';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS, snapshot } from './fixtures.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

const data = snapshot({ input: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }] });

/** Runs a Code node body over three items `{ n }` (1, 2, 3), with or without continueOnFail. */
function run(code: string, mode: CodeRunRequest['mode'], continueOnFail?: boolean, limits = LIMITS) {
  return sandbox.runCode({
    code,
    mode,
    data,
    limits,
    ...(continueOnFail !== undefined && { continueOnFail }),
  });
}

/** Throws on line 3 for odd n, after logging, and changes the item otherwise. */
const rejectOdd = `console.log('item', $json.n);
if ($json.n % 2 === 1) {
  throw new Error('odd number ' + $json.n);
}
$input.item.json.touched = true;
return $input.item;`;

describe('continueOnFail, run once for each item', () => {
  it('turns each failed item into { error } paired to it and still runs the others', async () => {
    expect(await run(rejectOdd, 'runOnceForEachItem', true)).toEqual({
      ok: true,
      items: [
        { json: { error: 'odd number 1 [line 3]' }, pairedItem: { item: 0 } },
        { json: { n: 2, touched: true }, pairedItem: { item: 1 } },
        { json: { error: 'odd number 3 [line 3]' }, pairedItem: { item: 2 } },
      ],
      logs: ['item 1', 'item 2', 'item 3'],
    });
  });

  it('names the user line of a throw after await and in a nested function; a non-error has none', async () => {
    const code = `await null;
function check(n) {
  if (n === 2) throw 'plain text';
  return n.missing.field;
}
return { json: { value: check($json.n) } };`;
    const outcome = await run(code, 'runOnceForEachItem', true);
    expect(outcome.ok && outcome.items.map((item) => item.json)).toEqual([
      { error: "Cannot read properties of undefined (reading 'field') [line 4]" },
      { error: 'plain text' },
      { error: "Cannot read properties of undefined (reading 'field') [line 4]" },
    ]);
  });

  it('still fails the whole run on an invalid result, a syntax error or the time limit', async () => {
    expect(await run('return [$json];', 'runOnceForEachItem', true)).toMatchObject({
      ok: false,
      error: { code: 'CODE_INVALID_RESULT' },
    });
    expect(await run('return {;', 'runOnceForEachItem', true)).toMatchObject({
      ok: false,
      error: { code: 'CODE_SYNTAX' },
    });
    const endless = await run('while (true) {}', 'runOnceForEachItem', true, {
      timeoutMs: 200,
      memoryMb: 128,
    });
    expect(endless).toMatchObject({ ok: false, error: { code: 'CODE_TIMEOUT' } });
  });
});

describe('continueOnFail, run once for all items', () => {
  it('turns a throw into one item { error }', async () => {
    const code = `const total = $input.all().length;
throw new Error('whole run failed after ' + total);`;
    expect(await run(code, 'runOnceForAllItems', true)).toEqual({
      ok: true,
      items: [{ json: { error: 'whole run failed after 3 [line 2]' } }],
      logs: [],
    });
  });

  it('returns the items as usual when nothing throws', async () => {
    const outcome = await run(
      'return $input.all().map((item) => ({ m: item.json.n * 10 }));',
      'runOnceForAllItems',
      true,
    );
    expect(outcome.ok && outcome.items).toEqual([
      { json: { m: 10 } },
      { json: { m: 20 } },
      { json: { m: 30 } },
    ]);
  });
});

describe('without continueOnFail', () => {
  it.each([undefined, false])('the first throw fails the run, as before (flag %s)', async (flag) => {
    expect(await run(rejectOdd, 'runOnceForEachItem', flag)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CODE_ERROR',
        message: 'odd number 1 [line 3]',
        details: { line: 3 },
      }),
      logs: ['item 1'],
    });
    expect(await run("throw new Error('no');", 'runOnceForAllItems', flag)).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR', message: 'no [line 1]' },
    });
  });
});
