import { aggregateExport, aggregateMappings } from './aggregate.mapping.js';
import { compareDatasetsExport, compareDatasetsMappings } from './compare-datasets.mapping.js';
import { filterExport, filterMappings } from './filter.mapping.js';
import { ifExport, ifMappings } from './if.mapping.js';
import { itemListsMappings } from './item-lists.mapping.js';
import { limitExport, limitMappings } from './limit.mapping.js';
import { mergeExport, mergeMappings } from './merge.mapping.js';
import { noOpExport, noOpMappings } from './no-op.mapping.js';
import type { ExportMapping, NodeMapping } from './node-mapping.types.js';
import { removeDuplicatesExport, removeDuplicatesMappings } from './remove-duplicates.mapping.js';
import { renameKeysExport, renameKeysMappings } from './rename-keys.mapping.js';
import { setExport, setMappings } from './set.mapping.js';
import { sortExport, sortMappings } from './sort.mapping.js';
import { splitInBatchesExport, splitInBatchesMappings } from './split-in-batches.mapping.js';
import { splitOutExport, splitOutMappings } from './split-out.mapping.js';
import { stopAndErrorExport, stopAndErrorMappings } from './stop-and-error.mapping.js';
import { summarizeExport, summarizeMappings } from './summarize.mapping.js';
import { switchExport, switchMappings } from './switch.mapping.js';

/** How the flow-logic and data-transform n8n nodes import (Set, IF, Switch, Merge, Loop, Item Lists...). */
export const flowNodeMappings: NodeMapping[] = [
  ...setMappings,
  ...ifMappings,
  ...filterMappings,
  ...switchMappings,
  ...mergeMappings,
  ...splitInBatchesMappings,
  ...aggregateMappings,
  ...summarizeMappings,
  ...sortMappings,
  ...limitMappings,
  ...removeDuplicatesMappings,
  ...splitOutMappings,
  ...noOpMappings,
  ...stopAndErrorMappings,
  ...renameKeysMappings,
  ...compareDatasetsMappings,
  ...itemListsMappings,
];

/** How the matching native nodes export back to n8n. */
export const flowNodeExports: ExportMapping[] = [
  setExport,
  ifExport,
  filterExport,
  switchExport,
  mergeExport,
  splitInBatchesExport,
  aggregateExport,
  summarizeExport,
  sortExport,
  limitExport,
  removeDuplicatesExport,
  splitOutExport,
  noOpExport,
  stopAndErrorExport,
  renameKeysExport,
  compareDatasetsExport,
];
