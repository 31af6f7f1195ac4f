import {
  type ExportMapping,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { omit } from './parameter-shapes.js';

const n8nType = 'n8n-nodes-base.removeDuplicates';
const nativeType = 'core.removeDuplicates';

/** n8n's Remove Duplicates defaults (also those of Item Lists' "Remove Duplicates" from v3). */
export const removeDuplicatesDefaults: N8nParameters = {
  compare: 'allFields',
  fieldsToExclude: '',
  fieldsToCompare: '',
  options: {},
};

/**
 * Remove Duplicates v2 adds operations that remember items across executions; only removing duplicates
 * within the current input exists natively.
 */
function v2ToNative(parameters: N8nParameters): NativeParameters {
  if (parameters.operation !== 'removeDuplicateInputItems') {
    unsupportedVariant(
      `Remove Duplicates operation ${JSON.stringify(parameters.operation)} (deduplication across executions) ` +
        'is not supported',
    );
  }
  return omit(
    parameters,
    'operation',
    'logic',
    'dedupeValue',
    'incrementalDedupeValue',
    'dateDedupeValue',
    'mode',
  );
}

/** Remove Duplicates v1–1.1 (the same parameters natively) and v2. */
export const removeDuplicatesMappings: NodeMapping[] = [
  { n8nType, minVersion: 1, maxVersion: 1.1, nativeType, defaults: removeDuplicatesDefaults },
  {
    n8nType,
    minVersion: 2,
    maxVersion: 2,
    nativeType,
    defaults: { ...removeDuplicatesDefaults, operation: 'removeDuplicateInputItems' },
    toNative: v2ToNative,
  },
];

/** core.removeDuplicates → n8n Remove Duplicates v2, whose default operation the native node is. */
export const removeDuplicatesExport: ExportMapping = { nativeType, n8nType, typeVersion: 2 };
