import { conditionNodeExport, conditionNodeMappings } from './condition-nodes.js';
import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.if';
const nativeType = 'core.if';

/** IF: v1 comparisons joined by `combineOperation` (all/any), v2–2.3 filter conditions. */
export const ifMappings: NodeMapping[] = conditionNodeMappings(n8nType, nativeType, {
  parameter: 'combineOperation',
  or: 'any',
  default: 'all',
});

/** core.if → n8n IF v2.3. */
export const ifExport: ExportMapping = conditionNodeExport(n8nType, nativeType);
