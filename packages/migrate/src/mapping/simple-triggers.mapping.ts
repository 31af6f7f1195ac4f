import type { ExportMapping, NodeMapping } from './node-mapping.types.js';

/** These triggers have no settings; n8n files may still carry UI notices, which are dropped. */
const noParameters = () => ({});

/** n8n → KlikkFlow for the Manual Trigger, the legacy Start node and the Error Trigger. */
export const simpleTriggerMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.manualTrigger',
    minVersion: 1,
    maxVersion: 1,
    nativeType: 'core.manualTrigger',
    toNative: noParameters,
  },
  {
    // Start passed its input on, as the Manual Trigger does.
    n8nType: 'n8n-nodes-base.start',
    minVersion: 1,
    maxVersion: 1,
    nativeType: 'core.manualTrigger',
    toNative: noParameters,
  },
  {
    n8nType: 'n8n-nodes-base.errorTrigger',
    minVersion: 1,
    maxVersion: 1,
    nativeType: 'core.errorTrigger',
    toNative: noParameters,
  },
];

/** KlikkFlow → n8n for the parameterless triggers. */
export const simpleTriggerExports: ExportMapping[] = [
  {
    nativeType: 'core.manualTrigger',
    n8nType: 'n8n-nodes-base.manualTrigger',
    typeVersion: 1,
    toN8n: noParameters,
  },
  {
    nativeType: 'core.errorTrigger',
    n8nType: 'n8n-nodes-base.errorTrigger',
    typeVersion: 1,
    toN8n: noParameters,
  },
];
