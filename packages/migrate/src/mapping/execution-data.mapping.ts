import type { ExportMapping, NodeMapping } from './node-mapping.types.js';
import { listEntries, wrapList } from './parameter-shapes.js';

const EXECUTION_DATA = 'core.executionData';

/**
 * n8n → KlikkFlow for Execution Data 1 and 1.1. Its only operation ("save") is implied; an empty value is
 * saved as empty text in both versions (v1 passed it through as nothing).
 */
export const executionDataMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.executionData',
    minVersion: 1,
    maxVersion: 1.1,
    nativeType: EXECUTION_DATA,
    toNative: (parameters) => ({ dataToSave: listEntries(parameters.dataToSave) }),
  },
];

/** KlikkFlow → n8n: Execution Data 1.1 with its `{ values: [...] }` list. */
export const executionDataExport: ExportMapping = {
  nativeType: EXECUTION_DATA,
  n8nType: 'n8n-nodes-base.executionData',
  typeVersion: 1.1,
  toN8n: (parameters) => ({ dataToSave: wrapList(parameters.dataToSave ?? [], 'values') }),
};
