import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
  unsupportedVersions,
} from './node-mapping.types.js';
import { listEntries, recordAt } from './parameter-shapes.js';
import { withoutUndefined } from './parameter-values.js';

const n8nType = 'n8n-nodes-base.compareDatasets';
const nativeType = 'core.compareDatasets';

/**
 * Compare Datasets v2+. KlikkFlow's "different" output is n8n's "Include Both Versions" (the default from
 * v2.1: `{ keys, same, different: { field: { inputA, inputB } } }`); the other ways of resolving
 * differences are not supported.
 */
function compareDatasetsToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.resolve !== 'includeBoth') {
    unsupportedVariant(
      `Compare Datasets "When There Are Differences: ${String(parameters.resolve)}" is not supported; ` +
        'KlikkFlow outputs both versions ("Include Both Versions")',
    );
  }
  const options = recordAt(parameters, 'options');
  if (options.disableDotNotation === true) {
    context.warn('"Disable Dot Notation" is not supported: dots in field names reach into objects');
  }
  if (options.multipleMatches === 'all') {
    context.warn('"Include All Matches" is not supported: items with the same key pair up one to one');
  }
  return {
    mergeByFields: listEntries(parameters.mergeByFields).map(({ field1, field2 }) => ({ field1, field2 })),
    options: withoutUndefined({ skipFields: options.skipFields, fuzzyCompare: parameters.fuzzyCompare }),
  };
}

const defaults = {
  mergeByFields: { values: [{ field1: '', field2: '' }] },
  fuzzyCompare: false,
  options: {},
};

/** Compare Datasets: v1 (differences named input1/input2) unsupported; v2 and v2.1+ differ in defaults. */
export const compareDatasetsMappings: NodeMapping[] = [
  unsupportedVersions(
    { n8nType, minVersion: 1, maxVersion: 1, nativeType },
    'Compare Datasets v1 is not supported: its "different" output names the versions input1/input2 ' +
      'and turns falsy values into null; KlikkFlow follows v2.1+ (inputA/inputB)',
  ),
  {
    n8nType,
    minVersion: 2,
    maxVersion: 2,
    nativeType,
    defaults: { ...defaults, resolve: 'preferInput2' },
    toNative: compareDatasetsToNative,
  },
  {
    n8nType,
    minVersion: 2.1,
    maxVersion: 2.3,
    nativeType,
    defaults: { ...defaults, resolve: 'includeBoth' },
    toNative: compareDatasetsToNative,
  },
];

/** core.compareDatasets → n8n Compare Datasets v2.3 ("Include Both Versions" is its default). */
function compareDatasetsToN8n(parameters: NativeParameters): N8nParameters {
  const options = recordAt(parameters, 'options');
  return withoutUndefined({
    mergeByFields: { values: listEntries(parameters.mergeByFields) },
    fuzzyCompare: options.fuzzyCompare,
    options: withoutUndefined({ skipFields: options.skipFields }),
  });
}

/** core.compareDatasets → n8n Compare Datasets v2.3. */
export const compareDatasetsExport: ExportMapping = {
  nativeType,
  n8nType,
  typeVersion: 2.3,
  toN8n: compareDatasetsToN8n,
};
