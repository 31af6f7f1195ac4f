import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.limit';
const nativeType = 'core.limit';

/** n8n's Limit defaults (also those of Item Lists' "Limit"). */
export const limitDefaults = { maxItems: 1, keep: 'firstItems' };

/** Limit v1: the same parameters natively. */
export const limitMappings: NodeMapping[] = [
  { n8nType, minVersion: 1, maxVersion: 1, nativeType, defaults: limitDefaults },
];

/** core.limit → n8n Limit v1. */
export const limitExport: ExportMapping = { nativeType, n8nType, typeVersion: 1 };
