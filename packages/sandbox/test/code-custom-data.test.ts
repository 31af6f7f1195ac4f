import type { CodeRunOutcome } from '@klikkflow/engine';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { runCode, snapshot } from './fixtures.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

/** The fixture's snapshot (saved custom data `{ k: 'v' }`, a manual run) with other saved data or mode. */
function data(customData: Record<string, string> = { k: 'v' }, mode = 'manual') {
  return snapshot({ execution: { id: 'exec-1', mode, customData } });
}

function jsonOf(outcome: CodeRunOutcome): unknown[] {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.items.map((item) => item.json);
}

describe('$execution.customData in a Code node', () => {
  it('set and setAll save text, reads see them at once, and the outcome returns the keys set', async () => {
    const outcome = await runCode(
      sandbox,
      `$execution.customData.set('order', 'o-1');
$execution.customData.setAll({ total: 42, big: 10n });
return [{ order: $execution.customData.get('order'), all: $execution.customData.getAll() }];`,
    );
    expect(jsonOf(outcome)).toEqual([
      { order: 'o-1', all: { k: 'v', order: 'o-1', total: '42', big: '10' } },
    ]);
    expect(outcome.customData).toEqual({ order: 'o-1', total: '42', big: '10' });
  });

  it('returns no custom data when the code sets none', async () => {
    const outcome = await runCode(sandbox, "return [{ k: $execution.customData.get('k') }];");
    expect(jsonOf(outcome)).toEqual([{ k: 'v' }]);
    expect(outcome).not.toHaveProperty('customData');
  });

  it('in "each item" mode a later item reads what an earlier one set; the last value is returned', async () => {
    const outcome = await runCode(
      sandbox,
      `const before = $execution.customData.get('seen') ?? '';
$execution.customData.set('seen', before + $json.n);
return { before };`,
      'runOnceForEachItem',
    );
    expect(jsonOf(outcome)).toEqual([{ before: '' }, { before: '1' }]);
    expect(outcome.customData).toEqual({ seen: '12' });
  });

  it('cuts keys to 50 and values to 512 characters, and reads a long key by its first 50', async () => {
    const key = 'k'.repeat(60);
    const outcome = await runCode(
      sandbox,
      `$execution.customData.set('${key}', 'v'.repeat(600));
return [{ length: $execution.customData.get('${key}').length }];`,
    );
    expect(jsonOf(outcome)).toEqual([{ length: 512 }]);
    expect(outcome.customData).toEqual({ ['k'.repeat(50)]: 'v'.repeat(512) });
  });

  it('keeps at most 10 keys: a new key past that is dropped with a log line, an existing one still changes', async () => {
    const saved = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`saved${i}`, 'x']));
    const outcome = await runCode(
      sandbox,
      `$execution.customData.set('tenth', '10');
$execution.customData.set('eleventh', '11');
$execution.customData.set('saved0', 'changed');
return [{ count: Object.keys($execution.customData.getAll()).length }];`,
      'runOnceForAllItems',
      data(saved),
    );
    expect(jsonOf(outcome)).toEqual([{ count: 10 }]);
    expect(outcome.customData).toEqual({ tenth: '10', saved0: 'changed' });
    expect(outcome.logs).toEqual([
      '$execution.customData: "eleventh" not saved, an execution keeps at most 10 keys',
    ]);
  });

  it('in a manual run, a key that is not text of A-Za-z0-9_ or a value that is not text fails on its line', async () => {
    const badKey = await runCode(sandbox, "const a = 1;\n$execution.customData.set('order-id', 'x');");
    expect(badKey).toMatchObject({
      ok: false,
      error: {
        code: 'CODE_ERROR',
        message:
          'Custom data keys may only contain the characters A-Z, a-z, 0-9 and _ (key "order-id") [line 2]',
      },
    });
    const notText = await runCode(sandbox, "$execution.customData.set(7, 'x');");
    expect(notText).toMatchObject({
      ok: false,
      error: { message: 'Custom data keys must be text (key "7") [line 1]' },
    });
    const objectValue = await runCode(sandbox, "$execution.customData.set('order', { id: 1 });");
    expect(objectValue).toMatchObject({
      ok: false,
      error: { message: 'Custom data values must be text or a number (key "order") [line 1]' },
    });
    const notAnObject = await runCode(sandbox, "$execution.customData.setAll('order');");
    expect(notAnObject).toMatchObject({
      ok: false,
      error: { message: '$execution.customData.setAll() takes an object of key/value pairs [line 1]' },
    });
  });

  it('setAll saves the valid pairs before it fails on a broken one, and the failure carries them', async () => {
    const outcome = await runCode(
      sandbox,
      "$execution.customData.setAll({ a: '1', 'b c': '2', d: '3' });\nreturn [];",
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'CODE_ERROR', message: expect.stringContaining('(key "b c") [line 1]') },
    });
    expect(outcome.customData).toEqual({ a: '1', d: '3' });
  });

  it('a throw of the user code still returns what it set, for the next try', async () => {
    const outcome = await runCode(
      sandbox,
      "$execution.customData.set('tries', '1');\nthrow new Error('not yet');",
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CODE_ERROR', message: 'not yet [line 2]' } });
    expect(outcome.customData).toEqual({ tries: '1' });
  });

  it('outside a manual run a broken rule is ignored, as n8n does, and noted in the log', async () => {
    const outcome = await runCode(
      sandbox,
      `$execution.customData.set('order', { id: 1 });
$execution.customData.setAll({ a: '1', 'b c': '2' });
return [{ all: $execution.customData.getAll() }];`,
      'runOnceForAllItems',
      data({}, 'webhook'),
    );
    expect(jsonOf(outcome)).toEqual([{ all: { a: '1' } }]);
    expect(outcome.customData).toEqual({ a: '1' });
    expect(outcome.logs).toEqual([
      '$execution.customData: Custom data values must be text or a number (key "order") (ignored outside manual runs)',
      '$execution.customData: Custom data keys may only contain the characters A-Z, a-z, 0-9 and _ (key "b c") (ignored outside manual runs)',
    ]);
  });
});
