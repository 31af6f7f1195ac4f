import {
  type ExportMapping,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.splitOut';
const nativeType = 'core.splitOut';

/** n8n's Split Out defaults (also those of Item Lists' "Split Out Items"). */
export const splitOutDefaults: N8nParameters = {
  fieldToSplitOut: '',
  include: 'noOtherFields',
  fieldsToInclude: '',
  options: {},
};

/**
 * The fields to split out as the native node reads them: n8n drops a leading `$json.` from each name, and
 * `$binary` (splitting binary files into items) has no native equivalent.
 */
function fieldsToSplitOut(value: unknown): unknown {
  if (typeof value !== 'string' || value.startsWith('=')) return value;
  const fields = value.split(',').map((field) => field.trim().replace(/^\$json\./, ''));
  if (fields.includes('$binary'))
    unsupportedVariant('Split Out of "$binary" (one item per binary file) is not supported');
  return fields.join(', ');
}

/** n8n Split Out (and Item Lists "Split Out Items") parameters → core.splitOut. */
export function splitOutToNative(parameters: N8nParameters): NativeParameters {
  return { ...parameters, fieldToSplitOut: fieldsToSplitOut(parameters.fieldToSplitOut) };
}

/** Split Out v1. */
export const splitOutMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType,
    defaults: splitOutDefaults,
    toNative: splitOutToNative,
  },
];

/** core.splitOut → n8n Split Out v1 (same parameters). */
export const splitOutExport: ExportMapping = { nativeType, n8nType, typeVersion: 1 };
