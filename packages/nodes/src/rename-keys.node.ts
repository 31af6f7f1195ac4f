import { defineNode, derivedItem } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import { listParameter } from './shared/field-list.js';
import { deleteField, getField, setField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';
import { compileUserRegex, maxRegexInputLength } from './shared/safe-regex.js';

/** One key to rename. */
interface KeyRename {
  currentKey?: unknown;
  newKey?: unknown;
}

/** One regex replacement over key names. */
interface RegexRename {
  searchRegex?: unknown;
  replaceRegex?: unknown;
  caseInsensitive?: unknown;
  depth?: unknown;
}

const properties: PropertySpec[] = [
  {
    name: 'keys',
    displayName: 'Keys',
    type: 'fixedCollection',
    default: [],
    multipleValues: true,
    description: 'Fields to rename, in order',
    properties: [
      {
        name: 'currentKey',
        displayName: 'Current Key Name',
        type: 'string',
        default: '',
        placeholder: 'e.g. user.fullName',
        description: 'Field to rename; dots reach into nested objects',
      },
      {
        name: 'newKey',
        displayName: 'New Key Name',
        type: 'string',
        default: '',
        placeholder: 'e.g. name',
        description: 'New name of the field; dots create nested objects',
      },
    ],
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Extra settings',
    properties: [
      {
        name: 'regexReplace',
        displayName: 'Regex Replacement',
        type: 'fixedCollection',
        default: [],
        multipleValues: true,
        description: 'Rename every key matching a regular expression (applied after the keys above)',
        properties: [
          {
            name: 'searchRegex',
            displayName: 'Regular Expression',
            type: 'string',
            default: '',
            placeholder: 'e.g. ^old_',
            description: 'Pattern to find in key names (at most 256 characters, no nested quantifiers)',
          },
          {
            name: 'replaceRegex',
            displayName: 'Replace With',
            type: 'string',
            default: '',
            placeholder: 'e.g. new_$1',
            description: 'Replacement text; $1, $2… insert captured groups',
          },
          {
            name: 'caseInsensitive',
            displayName: 'Case Insensitive',
            type: 'boolean',
            default: false,
            description: 'Whether letter case is ignored when matching',
          },
          {
            name: 'depth',
            displayName: 'Max Depth',
            type: 'number',
            default: -1,
            description: 'How deep to rename nested keys: -1 every level, 0 only top-level keys',
          },
        ],
      },
    ],
  },
];

function keyName(value: unknown, what: string, index: number, itemIndex: number): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw invalidParameter(`key to rename ${index} (item ${itemIndex}) has no ${what}`, {
    parameter: 'keys',
    field: index,
    itemIndex,
  });
}

/** A copy of `value` with every object key matching `regex` renamed, down to `depth` levels (-1: all). */
function renameMatching(value: unknown, regex: RegExp, replacement: string, depth: number): unknown {
  if (Array.isArray(value)) return value.map((child) => renameMatching(child, regex, replacement, depth));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // Long keys are skipped so a pattern never runs on unbounded input.
    const name = key.length > maxRegexInputLength ? key : key.replace(regex, replacement);
    out[name] = depth === 0 ? child : renameMatching(child, regex, replacement, depth - 1);
  }
  return out;
}

/** Rename Keys: renames fields by name (dot notation) or by regular expression. */
export const renameKeysNode = defineNode({
  type: 'core.renameKeys',
  version: 1,
  displayName: 'Rename Keys',
  description: 'Changes the names of item fields',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    return [
      (inputs[0] ?? []).map((item, itemIndex) => {
        let json: Record<string, unknown> = { ...item.json };
        const renames = listParameter<KeyRename>(ctx.getParameter('keys', itemIndex), 'keys');
        for (const [index, rename] of renames.entries()) {
          const from = keyName(rename.currentKey, 'current key name', index, itemIndex);
          const to = keyName(rename.newKey, 'new key name', index, itemIndex);
          const value = getField(json, from);
          if (value === undefined || from === to) continue;
          deleteField(json, from);
          setField(json, to, value);
        }
        const regexes = listParameter<RegexRename>(
          ctx.getParameter('options.regexReplace', itemIndex),
          'options.regexReplace',
        );
        for (const [index, spec] of regexes.entries()) {
          const flags = spec.caseInsensitive === true ? 'gi' : 'g';
          const regex = compileUserRegex(
            spec.searchRegex,
            flags,
            `options.regexReplace[${index}].searchRegex`,
          );
          const depth = typeof spec.depth === 'number' && Number.isInteger(spec.depth) ? spec.depth : -1;
          const replacement = typeof spec.replaceRegex === 'string' ? spec.replaceRegex : '';
          json = renameMatching(json, regex, replacement, depth) as Record<string, unknown>;
        }
        return derivedItem(item, itemIndex, json);
      }),
    ];
  },
});
