import { type ExportMapping, type NodeMapping, unsupportedVersions } from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.splitInBatches';
const nativeType = 'core.splitInBatches';

/**
 * Loop Over Items: v3 (outputs done, loop) is the native node. v1 and v2 cannot be carried over as they
 * are: their output wiring differs and the mapping table cannot renumber connections.
 */
export const splitInBatchesMappings: NodeMapping[] = [
  unsupportedVersions(
    { n8nType, minVersion: 1, maxVersion: 1, nativeType },
    'Split In Batches v1 has one output and ends its loop through $node[...].context["noItemsLeft"]; ' +
      'KlikkFlow\'s Loop Over Items has separate "done" and "loop" outputs. Rebuild the loop with it',
  ),
  unsupportedVersions(
    { n8nType, minVersion: 2, maxVersion: 2, nativeType },
    'Split In Batches v2 outputs "loop" first and "done" second; KlikkFlow\'s Loop Over Items has "done" ' +
      'first, and swapping the connections is not supported yet',
  ),
  { n8nType, minVersion: 3, maxVersion: 3, nativeType, defaults: { batchSize: 1, options: {} } },
];

/** core.splitInBatches → n8n Loop Over Items v3 (same parameters). */
export const splitInBatchesExport: ExportMapping = { nativeType, n8nType, typeVersion: 3 };
