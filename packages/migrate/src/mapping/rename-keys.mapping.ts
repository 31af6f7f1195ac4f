import type { ExportMapping, N8nParameters, NativeParameters, NodeMapping } from './node-mapping.types.js';
import { isRecord, listEntries, recordAt } from './parameter-shapes.js';
import { listEntriesWithDefaults, withoutUndefined } from './parameter-values.js';

const n8nType = 'n8n-nodes-base.renameKeys';
const nativeType = 'core.renameKeys';

/**
 * Rename Keys v1: `keys.key` pairs and `additionalOptions.regexReplacement.replacements` become `keys` and
 * `options.regexReplace` (regex options flattened). Pairs without both names, or renaming a key to itself,
 * are dropped: n8n skips them.
 */
function renameKeysToNative(parameters: N8nParameters): NativeParameters {
  const keys = listEntriesWithDefaults(parameters.keys, { currentKey: '', newKey: '' })
    .filter(({ currentKey, newKey }) => currentKey !== '' && newKey !== '' && currentKey !== newKey)
    .map(({ currentKey, newKey }) => ({ currentKey, newKey }));
  const additional = recordAt(parameters, 'additionalOptions');
  const regexReplace = listEntriesWithDefaults(additional.regexReplacement, {
    searchRegex: '',
    replaceRegex: '',
    options: {},
  }).map(({ searchRegex, replaceRegex, options }) => {
    const regexOptions = isRecord(options) ? options : {};
    return withoutUndefined({
      searchRegex,
      replaceRegex,
      caseInsensitive: regexOptions.caseInsensitive,
      depth: regexOptions.depth,
    });
  });
  return { keys, options: regexReplace.length > 0 ? { regexReplace } : {} };
}

/** Rename Keys v1. */
export const renameKeysMappings: NodeMapping[] = [
  { n8nType, minVersion: 1, maxVersion: 1, nativeType, toNative: renameKeysToNative },
];

/** core.renameKeys → n8n Rename Keys v1: lists wrapped and regex options nested as n8n stores them. */
function renameKeysToN8n(parameters: NativeParameters): N8nParameters {
  const options = recordAt(parameters, 'options');
  const replacements = listEntries(options.regexReplace).map(
    ({ searchRegex, replaceRegex, caseInsensitive, depth }) => ({
      searchRegex,
      replaceRegex,
      options: withoutUndefined({ caseInsensitive, depth }),
    }),
  );
  return {
    keys: { key: listEntries(parameters.keys) },
    additionalOptions: replacements.length > 0 ? { regexReplacement: { replacements } } : {},
  };
}

/** core.renameKeys → n8n Rename Keys v1. */
export const renameKeysExport: ExportMapping = {
  nativeType,
  n8nType,
  typeVersion: 1,
  toN8n: renameKeysToN8n,
};
