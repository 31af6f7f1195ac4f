import { aggregateDefaults, aggregateToNative } from './aggregate.mapping.js';
import { limitDefaults } from './limit.mapping.js';
import {
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isRecord, omit } from './parameter-shapes.js';
import { fieldNameList } from './parameter-values.js';
import { removeDuplicatesDefaults } from './remove-duplicates.mapping.js';
import { sortDefaults, sortToNative } from './sort.mapping.js';
import { splitOutDefaults, splitOutToNative } from './split-out.mapping.js';
import { summarizeDefaults, summarizeToNative } from './summarize.mapping.js';
import { withN8nDefaults } from './with-defaults.js';

const n8nType = 'n8n-nodes-base.itemLists';

/** One Item Lists operation: the native node doing it, and the standalone node's mapping. */
interface ItemListsOperation {
  nativeType: string;
  defaults: N8nParameters;
  toNative?(parameters: N8nParameters, context: MappingContext): NativeParameters;
}

const splitOut: ItemListsOperation = {
  nativeType: 'core.splitOut',
  defaults: splitOutDefaults,
  toNative: splitOutToNative,
};
const aggregate: ItemListsOperation = {
  nativeType: 'core.aggregate',
  defaults: aggregateDefaults,
  toNative: aggregateToNative,
};

const operations: Record<string, ItemListsOperation> = {
  splitOutItems: splitOut,
  // "Concatenate Items" is `aggregateItems` up to v2.2 and `concatenateItems` from v3.
  aggregateItems: aggregate,
  concatenateItems: aggregate,
  limit: { nativeType: 'core.limit', defaults: limitDefaults },
  removeDuplicates: { nativeType: 'core.removeDuplicates', defaults: removeDuplicatesDefaults },
  sort: { nativeType: 'core.sort', defaults: sortDefaults, toNative: sortToNative },
  summarize: { nativeType: 'core.summarize', defaults: summarizeDefaults, toNative: summarizeToNative },
};

function operationOf(parameters: N8nParameters): ItemListsOperation {
  const name = parameters.operation;
  const operation =
    typeof name === 'string' && Object.hasOwn(operations, name) ? operations[name] : undefined;
  return operation ?? unsupportedVariant(`Item Lists operation ${JSON.stringify(name)} is not supported`);
}

/** Item Lists v1–v2.2 list field names as `{ fields: [{ fieldName }] }`; later versions as text. */
const fieldListParameters = ['fieldsToInclude', 'fieldsToExclude', 'fieldsToCompare'];

function withFieldNamesAsText(parameters: N8nParameters): N8nParameters {
  const converted = { ...parameters };
  for (const name of fieldListParameters) {
    if (isRecord(converted[name])) converted[name] = fieldNameList(converted[name]);
  }
  return converted;
}

/** Item Lists parameters → the parameters of the native node of its operation. */
function itemListsToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const operation = operationOf(parameters);
  const withDefaults = withN8nDefaults(omit(parameters, 'resource', 'operation'), operation.defaults);
  const shaped = context.typeVersion < 3 ? withFieldNamesAsText(withDefaults) : withDefaults;
  return operation.toNative ? operation.toNative(shaped, context) : shaped;
}

function itemListsMapping(minVersion: number, maxVersion: number): NodeMapping {
  return {
    n8nType,
    minVersion,
    maxVersion,
    nativeType: splitOut.nativeType,
    defaults: { operation: 'splitOutItems' },
    nativeTypeFor: (parameters) => operationOf(parameters).nativeType,
    toNative: itemListsToNative,
  };
}

/**
 * Item Lists (hidden in n8n, still in older files): each operation becomes the standalone native node.
 * v1–v2.2 and v3–v3.1 differ in how field lists are stored. No export: native nodes export as the
 * standalone n8n nodes.
 */
export const itemListsMappings: NodeMapping[] = [itemListsMapping(1, 2.2), itemListsMapping(3, 3.1)];
