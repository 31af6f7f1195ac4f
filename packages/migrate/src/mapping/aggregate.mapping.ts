import type {
  ExportMapping,
  MappingContext,
  N8nParameters,
  NativeParameters,
  NodeMapping,
} from './node-mapping.types.js';
import { listEntries, omit, recordAt } from './parameter-shapes.js';
import { listEntriesWithDefaults, type ParameterObject, withoutUndefined } from './parameter-values.js';

const n8nType = 'n8n-nodes-base.aggregate';
const nativeType = 'core.aggregate';

/** n8n's Aggregate defaults (also those of Item Lists' "Concatenate Items"). */
export const aggregateDefaults: N8nParameters = {
  aggregate: 'aggregateIndividualFields',
  fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: '', renameField: false }] },
  destinationFieldName: 'data',
  include: 'allFields',
  fieldsToExclude: '',
  fieldsToInclude: '',
  options: {},
};

/**
 * One field to aggregate with the output name n8n gives it: the given output name, else the last part of
 * a dotted input name (`user.email` → `email`), else the input name. Entries without an input field are
 * skipped, as n8n does.
 */
function fieldToAggregate(
  entry: ParameterObject,
  dotNotation: boolean,
  context: MappingContext,
): ParameterObject[] {
  const input = entry.fieldToAggregate;
  if (input === '') return [];
  if (typeof input !== 'string' || input.startsWith('=')) return [entry];
  const output =
    typeof entry.outputFieldName === 'string' && entry.outputFieldName !== ''
      ? entry.outputFieldName
      : dotNotation && input.includes('.')
        ? (input.split('.').pop() ?? input)
        : input;
  if (dotNotation && output.includes('.')) {
    context.warn(`n8n nested the aggregated list under "${output}"; KlikkFlow names the field "${output}"`);
  }
  return [
    output === input
      ? { fieldToAggregate: input }
      : { fieldToAggregate: input, renameField: true, outputFieldName: output },
  ];
}

/** n8n Aggregate (and Item Lists "Concatenate Items") parameters → core.aggregate. */
export function aggregateToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const options = recordAt(parameters, 'options');
  if (options.includeBinaries === true) {
    context.warn('"Include Binaries" is not supported: the aggregated item has no binary data');
  }
  const nativeOptions = omit(options, 'includeBinaries', 'keepOnlyUnique');
  if (parameters.aggregate === 'aggregateAllItemData') {
    return withoutUndefined({
      aggregate: 'aggregateAllItemData',
      destinationFieldName: parameters.destinationFieldName,
      include: parameters.include,
      fieldsToInclude: parameters.include === 'specifiedFields' ? parameters.fieldsToInclude : undefined,
      fieldsToExclude: parameters.include === 'allFieldsExcept' ? parameters.fieldsToExclude : undefined,
      options: nativeOptions,
    });
  }
  const dotNotation = options.disableDotNotation !== true;
  const fields = listEntriesWithDefaults(parameters.fieldsToAggregate, {
    fieldToAggregate: '',
    renameField: false,
  });
  return {
    aggregate: 'individualFields',
    fieldsToAggregate: fields.flatMap((entry) => fieldToAggregate(entry, dotNotation, context)),
    options: nativeOptions,
  };
}

/** Aggregate v1. */
export const aggregateMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType,
    defaults: aggregateDefaults,
    toNative: aggregateToNative,
  },
];

/** core.aggregate → n8n Aggregate v1: the n8n option value and the wrapped field list. */
function aggregateToN8n(parameters: NativeParameters): N8nParameters {
  if (parameters.aggregate === 'aggregateAllItemData') return parameters;
  return {
    ...parameters,
    aggregate: 'aggregateIndividualFields',
    fieldsToAggregate: { fieldToAggregate: listEntries(parameters.fieldsToAggregate) },
  };
}

/** core.aggregate → n8n Aggregate v1. */
export const aggregateExport: ExportMapping = { nativeType, n8nType, typeVersion: 1, toN8n: aggregateToN8n };
