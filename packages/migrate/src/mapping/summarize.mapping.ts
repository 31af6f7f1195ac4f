import type {
  ExportMapping,
  MappingContext,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from './node-mapping.types.js';
import { listEntries, omit, recordAt } from './parameter-shapes.js';
import { listEntriesWithDefaults, staticValue } from './parameter-values.js';

const n8nType = 'n8n-nodes-base.summarize';
const nativeType = 'core.summarize';

/** n8n's Summarize defaults (also those of Item Lists' "Summarize"). */
export const summarizeDefaults: N8nParameters = {
  fieldsToSummarize: { values: [{ aggregation: 'count', field: '' }] },
  fieldsToSplitBy: '',
  options: {},
};

/** n8n Summarize (and Item Lists "Summarize") parameters → core.summarize. */
export function summarizeToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  if (options.skipEmptySplitFields === true) {
    context.warn('"Ignore items without valid fields to group by" is not supported: such items form a group');
  }
  return {
    fieldsToSummarize: listEntriesWithDefaults(parameters.fieldsToSummarize, {
      aggregation: 'count',
      field: '',
    }),
    fieldsToSplitBy: parameters.fieldsToSplitBy,
    // n8n v1.1 only reports a missing field; KlikkFlow never fails on one, so the v1 option has no use.
    options: omit(options, 'skipEmptySplitFields', 'continueIfFieldNotFound'),
  };
}

/** Summarize v1 turned the values it split by into text; v1.1 keeps their type, as KlikkFlow does. */
function summarizeV1ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const splitBy = staticValue(parameters.fieldsToSplitBy);
  if (typeof splitBy === 'string' && splitBy.trim() !== '') {
    context.warn(
      'Summarize v1 output the values it split by as text (1 became "1"); KlikkFlow keeps their type',
    );
  }
  return summarizeToNative(parameters, context);
}

/** Summarize v1 and v1.1. */
export const summarizeMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType,
    defaults: summarizeDefaults,
    toNative: summarizeV1ToNative,
  },
  {
    n8nType,
    minVersion: 1.1,
    maxVersion: 1.1,
    nativeType,
    defaults: summarizeDefaults,
    toNative: summarizeToNative,
  },
];

/** core.summarize → n8n Summarize v1.1 (the field list wrapped as n8n stores it). */
export const summarizeExport: ExportMapping = {
  nativeType,
  n8nType,
  typeVersion: 1.1,
  toN8n: (parameters) => ({
    ...parameters,
    fieldsToSummarize: { values: listEntries(parameters.fieldsToSummarize) },
  }),
};
