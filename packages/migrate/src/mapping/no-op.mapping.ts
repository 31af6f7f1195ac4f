import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

const n8nType = 'n8n-nodes-base.noOp';
const nativeType = 'core.noOp';

/** No Operation v1: no parameters. */
export const noOpMappings: NodeMapping[] = [{ n8nType, minVersion: 1, maxVersion: 1, nativeType }];

/** core.noOp → n8n No Operation v1. */
export const noOpExport: ExportMapping = { nativeType, n8nType, typeVersion: 1 };
