import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.stopAndError';
const nativeType = 'core.stopAndError';

/** Stop and Error v1: the same parameters natively; n8n's defaults replace the native examples. */
export const stopAndErrorMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType,
    defaults: { errorType: 'errorMessage', errorMessage: '', errorObject: '' },
  },
];

/** core.stopAndError → n8n Stop and Error v1. */
export const stopAndErrorExport: ExportMapping = { nativeType, n8nType, typeVersion: 1 };
