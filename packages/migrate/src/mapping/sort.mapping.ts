import {
  type ExportMapping,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { listEntries } from './parameter-shapes.js';
import { listEntriesWithDefaults } from './parameter-values.js';

const n8nType = 'n8n-nodes-base.sort';
const nativeType = 'core.sort';

/** n8n's Sort defaults (also those of Item Lists' "Sort"). */
export const sortDefaults: N8nParameters = { type: 'simple', sortFieldsUi: {}, options: {} };

/** n8n Sort (and Item Lists "Sort") parameters → core.sort; sorting by code has no native equivalent. */
export function sortToNative(parameters: N8nParameters): NativeParameters {
  if (parameters.type === 'code') {
    unsupportedVariant('Sort with code is not supported: sort in a Code node instead');
  }
  if (parameters.type === 'random') return { type: 'random' };
  return {
    type: 'simple',
    sortFieldsUi: listEntriesWithDefaults(parameters.sortFieldsUi, { fieldName: '', order: 'ascending' }),
    options: parameters.options,
  };
}

/** Sort v1. */
export const sortMappings: NodeMapping[] = [
  { n8nType, minVersion: 1, maxVersion: 1, nativeType, defaults: sortDefaults, toNative: sortToNative },
];

/** core.sort → n8n Sort v1 (the field list wrapped as n8n stores it). */
export const sortExport: ExportMapping = {
  nativeType,
  n8nType,
  typeVersion: 1,
  toN8n: (parameters) =>
    parameters.type === 'random'
      ? parameters
      : { ...parameters, sortFieldsUi: { sortField: listEntries(parameters.sortFieldsUi) } },
};
