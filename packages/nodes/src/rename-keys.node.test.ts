import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { renameKeysNode } from './rename-keys.node.js';

const regex = (searchRegex: string, replaceRegex: string, extra: Record<string, unknown> = {}) => ({
  searchRegex,
  replaceRegex,
  ...extra,
});

describe('core.renameKeys', () => {
  it('renames keys, nested ones with dot notation, keeping binary and pairing', async () => {
    const binary = { file: { id: 'b1', mimeType: 'text/plain' } };
    const { outputs } = await runNode(renameKeysNode, {
      inputs: [[{ json: { a: 1, user: { first: 'Ada', last: 'L' }, keep: true }, binary }]],
      parameters: {
        keys: [
          { currentKey: 'a', newKey: 'b' },
          { currentKey: 'user.first', newKey: 'name.given' },
          { currentKey: 'missing', newKey: 'x' },
          { currentKey: 'keep', newKey: 'keep' },
        ],
      },
    });
    expect(outputs[0]).toEqual([
      {
        json: { user: { last: 'L' }, keep: true, b: 1, name: { given: 'Ada' } },
        binary,
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('reads n8n-wrapped key lists and applies renames in order', async () => {
    const { outputs } = await runNode(renameKeysNode, {
      items: [{ a: 1 }],
      parameters: {
        keys: {
          key: [
            { currentKey: 'a', newKey: 'b' },
            { currentKey: 'b', newKey: 'c' },
          ],
        },
      },
    });
    expect(jsonOf(outputs[0])).toEqual([{ c: 1 }]);
  });

  it('renames keys by regex at every depth by default, after the plain renames', async () => {
    const { outputs } = await runNode(renameKeysNode, {
      items: [{ old_a: 1, Old_b: { old_c: [{ old_d: 2 }] }, x: 3 }],
      parameters: {
        keys: [{ currentKey: 'x', newKey: 'old_x' }],
        options: { regexReplace: [regex('^old_(\\w)', 'new_$1')] },
      },
    });
    expect(jsonOf(outputs[0])).toEqual([{ new_a: 1, Old_b: { new_c: [{ new_d: 2 }] }, new_x: 3 }]);
  });

  it('matches case-insensitively and stops at the given depth', async () => {
    const item = { Old_a: { old_b: { old_c: 1 } } };
    const run = async (extra: Record<string, unknown>) =>
      jsonOf(
        (
          await runNode(renameKeysNode, {
            items: [item],
            parameters: { options: { regexReplace: { replacementValues: [regex('old_', 'n_', extra)] } } },
          })
        ).outputs[0],
      );
    expect(await run({ caseInsensitive: true, depth: 0 })).toEqual([{ n_a: { old_b: { old_c: 1 } } }]);
    expect(await run({ caseInsensitive: true, depth: 1 })).toEqual([{ n_a: { n_b: { old_c: 1 } } }]);
    expect(await run({ depth: -1 })).toEqual([{ Old_a: { n_b: { n_c: 1 } } }]);
  });

  it('resolves parameters per item', async () => {
    const { outputs } = await runNode(renameKeysNode, {
      items: [{ a: 1 }, { a: 2 }],
      parameters: (itemIndex) => ({ keys: [{ currentKey: 'a', newKey: `k${itemIndex}` }] }),
    });
    expect(jsonOf(outputs[0])).toEqual([{ k0: 1 }, { k1: 2 }]);
  });

  it('leaves keys longer than 1024 characters alone when replacing by regex', async () => {
    const long = `a${'x'.repeat(1024)}`;
    const { outputs } = await runNode(renameKeysNode, {
      items: [{ [long]: 1, ab: 2 }],
      parameters: { options: { regexReplace: [regex('^a', 'z')] } },
    });
    expect(jsonOf(outputs[0])).toEqual([{ [long]: 1, zb: 2 }]);
  });

  it('names the key and item of a missing name', async () => {
    const error = await runNodeExpectingError(renameKeysNode, {
      items: [{ a: 1 }, { a: 2 }],
      parameters: (itemIndex) => ({ keys: [{ currentKey: 'a', newKey: itemIndex === 1 ? ' ' : 'b' }] }),
    });
    expect(error.code).toBe('NODE_PARAMETER_INVALID');
    expect(error.message).toBe('key to rename 0 (item 1) has no new key name');
    const noCurrent = await runNodeExpectingError(renameKeysNode, {
      parameters: { keys: [{ newKey: 'b' }] },
    });
    expect(noCurrent.message).toBe('key to rename 0 (item 0) has no current key name');
  });

  it('refuses empty, invalid, too long and catastrophic regexes', async () => {
    const fail = async (searchRegex: string) =>
      (
        await runNodeExpectingError(renameKeysNode, {
          parameters: { options: { regexReplace: [regex(searchRegex, 'x')] } },
        })
      ).message;
    const name = '"options.regexReplace[0].searchRegex"';
    expect(await fail('')).toBe(`${name} needs a regular expression`);
    expect(await fail('(')).toMatch(
      /^"options\.regexReplace\[0\]\.searchRegex" is not a valid regular expression: /,
    );
    expect(await fail('a'.repeat(257))).toBe(`${name} is longer than 256 characters`);
    for (const pattern of ['(a+)+$', '(\\w*)*', '(x{2,})+', '(a|b+){2,}']) {
      expect(await fail(pattern)).toBe(
        `${name} repeats a group that has its own quantifier (like (a+)+), which can hang; simplify it`,
      );
    }
  });
});
