import { codeNode } from '@klikkflow/nodes';
import { jsonOf, runNode, runNodeExpectingError, toItems } from '@klikkflow/plugin-sdk';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import type { Item } from '@klikkflow/types';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxRunCode } from '../../test/code-sandbox.js';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { codeExport, codeMappings } from './code.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

const sandbox = createIsolatedVmSandbox();
afterAll(() => sandbox.dispose());

/** Maps an n8n node and runs the resulting Code node on `items` in the real sandbox. */
async function runMapped(type: string, version: number, parameters: Record<string, unknown>, items: Item[]) {
  const mapped = mapN8nNode(codeMappings, type, version, parameters);
  expect(mapped.nativeType).toBe('core.code');
  const options = {
    inputs: [items],
    parameters: mapped.parameters,
    helpers: { runCode: sandboxRunCode(sandbox, items) },
  };
  return { mapped, options, run: () => runNode(codeNode, options) };
}

const people = toItems([
  { name: 'Ada', age: 36 },
  { name: 'Linus', age: 28 },
]);

describe('Code v1 and v2', () => {
  it('runs a v2 "run once for each item" body unchanged', async () => {
    const { run } = await runMapped(
      'n8n-nodes-base.code',
      2,
      {
        mode: 'runOnceForEachItem',
        jsCode: "$input.item.json.greeting = 'Hi ' + $json.name;\nreturn $input.item;",
      },
      people,
    );
    const { outputs } = await run();
    expect(jsonOf(outputs[0])).toEqual([
      { name: 'Ada', age: 36, greeting: 'Hi Ada' },
      { name: 'Linus', age: 28, greeting: 'Hi Linus' },
    ]);
  });

  it('runs a v1 node without a mode once for all items, with the legacy `items` list', async () => {
    const { mapped, run } = await runMapped(
      'n8n-nodes-base.code',
      1,
      { jsCode: 'return [{ json: { count: items.length, names: items.map((i) => i.json.name) } }];' },
      people,
    );
    expect(mapped.parameters).toMatchObject({ mode: 'runOnceForAllItems', language: 'javaScript' });
    expect(jsonOf((await run()).outputs[0])).toEqual([{ count: 2, names: ['Ada', 'Linus'] }]);
  });

  it('fails like n8n when the saved node has no code (n8n’s default body is empty)', async () => {
    const { options } = await runMapped('n8n-nodes-base.code', 2, {}, people);
    const error = await runNodeExpectingError(codeNode, options);
    expect(error.code).toBe('CODE_INVALID_RESULT');
  });

  it('refuses Python nodes, naming Python', () => {
    for (const language of ['python', 'pythonNative']) {
      expect(() =>
        mapN8nNode(codeMappings, 'n8n-nodes-base.code', 2, { language, pythonCode: 'return _input.all()' }),
      ).toThrow(
        new UnsupportedVariantError('the Code node runs Python here, and KlikkFlow runs JavaScript only'),
      );
    }
  });

  it('warns about n8n-only helpers the code calls', () => {
    const { warnings } = mapN8nNode(codeMappings, 'n8n-nodes-base.code', 2, {
      jsCode: "const data = $getWorkflowStaticData('global');\nconst _ = require('lodash');\nreturn [];",
    });
    expect(warnings).toEqual([
      "the code uses getWorkflowStaticData() (static data is not kept), which KlikkFlow's Code node does not provide",
      "the code uses require(), which KlikkFlow's Code node does not provide",
    ]);
  });
});

describe('legacy Function node', () => {
  it('runs with `items` and a returned list, also when the code shadows `items`', async () => {
    const sloppy = await runMapped(
      'n8n-nodes-base.function',
      1,
      { functionCode: 'for (item of items) {\n  item.json.adult = item.json.age >= 30;\n}\nreturn items;' },
      people,
    );
    expect(jsonOf((await sloppy.run()).outputs[0])).toEqual([
      { name: 'Ada', age: 36, adult: true },
      { name: 'Linus', age: 28, adult: false },
    ]);
    const shadowing = await runMapped(
      'n8n-nodes-base.function',
      1,
      {
        functionCode:
          '// Process Join Node\nconst items = $input.all();\nconst item = items[0];\nreturn {\n json: { first: item.json.name }\n};',
      },
      people,
    );
    expect(jsonOf((await shadowing.run()).outputs[0])).toEqual([{ first: 'Ada' }]);
  });

  it('keeps binary data the code moves around', async () => {
    const avatar = { id: 'blob-1', mimeType: 'image/png', fileName: 'a.png' };
    const items = [{ json: { n: 1 }, binary: { avatar } }];
    const { run } = await runMapped(
      'n8n-nodes-base.function',
      1,
      {
        functionCode: [
          'const binary = {};',
          'for (let i=0; i < items.length; i++) {',
          ' binary["data" + i] = items[i].binary.avatar;',
          '}',
          'return [{ json: { numIcons: items.length }, binary }];',
        ].join('\n'),
      },
      items,
    );
    const { outputs } = await run();
    expect(outputs[0]).toEqual([{ json: { numIcons: 1 }, binary: { data0: avatar } }]);
  });

  it('runs n8n’s default code when the file has none', async () => {
    const { run } = await runMapped('n8n-nodes-base.function', 1, {}, people);
    expect(jsonOf((await run()).outputs[0])).toEqual([
      { name: 'Ada', age: 36, myNewField: 1 },
      { name: 'Linus', age: 28, myNewField: 1 },
    ]);
  });
});

describe('legacy Function Item node', () => {
  it('gives the code the item JSON as `item` and uses the returned JSON, paired to its item', async () => {
    const { run } = await runMapped(
      'n8n-nodes-base.functionItem',
      1,
      {
        functionCode:
          '// hashtag list\nconst Hashtags = [\n "#techtwitter"\n];\nitem.hashtag = Hashtags[0] + "-" + $json.name;\nreturn item;',
      },
      people,
    );
    const { outputs } = await run();
    expect(outputs[0]).toEqual([
      { json: { name: 'Ada', age: 36, hashtag: '#techtwitter-Ada' }, pairedItem: { item: 0 } },
      { json: { name: 'Linus', age: 28, hashtag: '#techtwitter-Linus' }, pairedItem: { item: 1 } },
    ]);
  });

  it('keeps the item binary, lets the code replace it, and allows redeclaring `item`', async () => {
    const file = { id: 'blob-1', mimeType: 'text/plain' };
    const other = { id: 'blob-2', mimeType: 'text/csv' };
    const items = [
      { json: { n: 1 }, binary: { file } },
      { json: { n: 2 }, binary: { file } },
    ];
    const { run } = await runMapped(
      'n8n-nodes-base.functionItem',
      1,
      {
        functionCode:
          'if (item.n === 2) setBinaryData({ other: getBinaryData().file && ' +
          JSON.stringify(other) +
          ' });\nconst item2 = { doubled: item.n * 2 };\nreturn item2;',
      },
      items,
    );
    expect((await run()).outputs[0]).toEqual([
      { json: { doubled: 2 }, binary: { file }, pairedItem: { item: 0 } },
      { json: { doubled: 4 }, binary: { other }, pairedItem: { item: 1 } },
    ]);
    const redeclared = await runMapped(
      'n8n-nodes-base.functionItem',
      1,
      { functionCode: 'const item = { replaced: true };\nreturn item;' },
      people,
    );
    expect(jsonOf((await redeclared.run()).outputs[0])).toEqual([{ replaced: true }, { replaced: true }]);
  });

  it('keeps the code’s lines as written, so multi-line template literals are unchanged', async () => {
    const placeholder = '$' + '{item.n}';
    const { run } = await runMapped(
      'n8n-nodes-base.functionItem',
      1,
      { functionCode: `item.text = \`first\n  second ${placeholder}\`;\nreturn item;` },
      toItems([{ n: 1 }]),
    );
    expect(jsonOf((await run()).outputs[0])).toEqual([{ n: 1, text: 'first\n  second 1' }]);
  });

  it('fails with n8n’s message when the code returns nothing, and runs the default code', async () => {
    const { options } = await runMapped(
      'n8n-nodes-base.functionItem',
      1,
      { functionCode: 'item.x = 1;' },
      people,
    );
    const error = await runNodeExpectingError(codeNode, options);
    expect(error.message).toContain('No data got returned. Always an object has to be returned!');
    const defaults = await runMapped('n8n-nodes-base.functionItem', 1, {}, people);
    expect(jsonOf((await defaults.run()).outputs[0])).toEqual([
      { name: 'Ada', age: 36, myNewField: 1 },
      { name: 'Linus', age: 28, myNewField: 1 },
    ]);
  });
});

describe('export', () => {
  it('writes a Code node back as Code v2 with the same parameters', () => {
    const n8n = { mode: 'runOnceForEachItem', jsCode: 'return $input.item;' };
    const native = mapN8nNode(codeMappings, 'n8n-nodes-base.code', 2, n8n).parameters;
    expect(exportNativeNode([codeExport], 'core.code', native)).toEqual({
      n8nType: 'n8n-nodes-base.code',
      typeVersion: 2,
      parameters: { ...n8n, language: 'javaScript' },
    });
  });
});
