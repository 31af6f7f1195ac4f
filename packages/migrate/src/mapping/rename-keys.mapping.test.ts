import { renameKeysNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { renameKeysExport, renameKeysMappings } from './rename-keys.mapping.js';

const type = 'n8n-nodes-base.renameKeys';
const importRename = (parameters: Record<string, unknown>) =>
  mapN8nNode(renameKeysMappings, type, 1, parameters);

const renames = {
  keys: {
    key: [
      { currentKey: 'name', newKey: 'fullName' },
      { currentKey: 'address.zip', newKey: 'zip' },
      { currentKey: '', newKey: 'ignored' },
    ],
  },
  additionalOptions: {
    regexReplacement: {
      replacements: [{ searchRegex: '^old_', replaceRegex: 'new_', options: { depth: 0 } }],
    },
  },
};

describe('Rename Keys v1 → core.renameKeys', () => {
  it('renames keys (dot paths too), skips incomplete pairs, then renames top-level keys by regex', async () => {
    const { parameters } = importRename(renames);
    const { outputs } = await runNative(renameKeysNode, parameters, {
      items: [{ name: 'Ann', address: { zip: '0150', city: 'Oslo' }, old_id: 7, nested: { old_x: 1 } }],
    });
    expect(jsonOf(outputs[0])).toEqual([
      { fullName: 'Ann', zip: '0150', address: { city: 'Oslo' }, new_id: 7, nested: { old_x: 1 } },
    ]);
  });

  it('exports as Rename Keys v1 with equivalent parameters', () => {
    const { parameters } = importRename(renames);
    const exported = renameKeysExport.toN8n?.(parameters) ?? {};
    expect(exported).toEqual({ ...renames, keys: { key: renames.keys.key.slice(0, 2) } });
    expect(importRename(exported).parameters).toEqual(parameters);
  });
});
