import { codeExport, codeMappings } from './code.mapping.js';
import { convertToFileExport, convertToFileMappings } from './convert-to-file.mapping.js';
import { cryptoExport, cryptoMappings } from './crypto.mapping.js';
import { dateTimeExport, dateTimeMappings } from './date-time.mapping.js';
import { executeWorkflowExports, executeWorkflowMappings } from './execute-workflow.mapping.js';
import { executionDataExport, executionDataMappings } from './execution-data.mapping.js';
import { extractFromFileExport, extractFromFileMappings } from './extract-from-file.mapping.js';
import { htmlExport, htmlMappings } from './html.mapping.js';
import { httpRequestExport, httpRequestMappings } from './http-request.mapping.js';
import { markdownExport, markdownMappings } from './markdown.mapping.js';
import type { ExportMapping, NodeMapping } from './node-mapping.types.js';
import { readWriteFileExport, readWriteFileMappings } from './read-write-file.mapping.js';
import { respondToWebhookExport, respondToWebhookMappings } from './respond-to-webhook.mapping.js';
import { scheduleExport, scheduleMappings } from './schedule.mapping.js';
import { simpleTriggerExports, simpleTriggerMappings } from './simple-triggers.mapping.js';
import { waitExport, waitMappings } from './wait.mapping.js';
import { webhookExport, webhookMappings } from './webhook.mapping.js';
import { xmlExport, xmlMappings } from './xml.mapping.js';

/**
 * n8n → KlikkFlow for the trigger, HTTP, code, timing, sub-workflow and file/format nodes (the flow nodes —
 * Set, IF, Switch, Merge… — are in `flow-nodes.ts`).
 */
export const ioNodeMappings: NodeMapping[] = [
  ...simpleTriggerMappings,
  ...scheduleMappings,
  ...webhookMappings,
  ...respondToWebhookMappings,
  ...httpRequestMappings,
  ...codeMappings,
  ...waitMappings,
  ...executeWorkflowMappings,
  ...executionDataMappings,
  ...dateTimeMappings,
  ...cryptoMappings,
  ...htmlMappings,
  ...xmlMappings,
  ...markdownMappings,
  ...convertToFileMappings,
  ...extractFromFileMappings,
  ...readWriteFileMappings,
];

/** KlikkFlow → n8n for the same native nodes, one entry per native type. */
export const ioNodeExports: ExportMapping[] = [
  ...simpleTriggerExports,
  scheduleExport,
  webhookExport,
  respondToWebhookExport,
  httpRequestExport,
  codeExport,
  waitExport,
  ...executeWorkflowExports,
  executionDataExport,
  dateTimeExport,
  cryptoExport,
  htmlExport,
  xmlExport,
  markdownExport,
  convertToFileExport,
  extractFromFileExport,
  readWriteFileExport,
];
