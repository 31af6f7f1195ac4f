import { conditionNodeExport, conditionNodeMappings } from './condition-nodes.js';
import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.filter';
const nativeType = 'core.filter';

/** Filter: v1 comparisons joined by `combineConditions` (AND/OR), v2–2.3 filter conditions. */
export const filterMappings: NodeMapping[] = conditionNodeMappings(n8nType, nativeType, {
  parameter: 'combineConditions',
  or: 'OR',
  default: 'AND',
});

/** core.filter → n8n Filter v2.3. */
export const filterExport: ExportMapping = conditionNodeExport(n8nType, nativeType);
