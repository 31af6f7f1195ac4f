import type { AnyNodeDefinition, CredentialDefinition } from '@klikkflow/plugin-sdk';
import { aggregateNode } from './aggregate.node.js';
import { codeNode } from './code.node.js';
import { compareDatasetsNode } from './compare-datasets.node.js';
import { convertToFileNode } from './convert-to-file.node.js';
import { httpRequestCredentials, httpServiceCredentials } from './credentials/http-credentials.js';
import { webhookCredentials } from './credentials/webhook-credentials.js';
import { cryptoNode } from './crypto.node.js';
import { dateTimeNode } from './date-time.node.js';
import { errorTriggerNode } from './error-trigger.node.js';
import { executeWorkflowNode } from './execute-workflow.node.js';
import { executeWorkflowTriggerNode } from './execute-workflow-trigger.node.js';
import { executionDataNode } from './execution-data.node.js';
import { extractFromFileNode } from './extract-from-file.node.js';
import { filterNode } from './filter.node.js';
import { htmlNode } from './html.node.js';
import { httpRequestNode } from './http-request.node.js';
import { ifNode } from './if.node.js';
import { limitNode } from './limit.node.js';
import { manualTriggerNode } from './manual-trigger.node.js';
import { markdownNode } from './markdown.node.js';
import { mergeNode } from './merge.node.js';
import { noOpNode } from './no-op.node.js';
import { placeholderNode } from './placeholder.node.js';
import { readWriteFileNode } from './read-write-file.node.js';
import { removeDuplicatesNode } from './remove-duplicates.node.js';
import { renameKeysNode } from './rename-keys.node.js';
import { respondToWebhookNode } from './respond-to-webhook.node.js';
import { scheduleTriggerNode } from './schedule-trigger.node.js';
import { setNode } from './set.node.js';
import { sortNode } from './sort.node.js';
import { splitInBatchesNode } from './split-in-batches.node.js';
import { splitOutNode } from './split-out.node.js';
import { stopAndErrorNode } from './stop-and-error.node.js';
import { summarizeNode } from './summarize.node.js';
import { switchNode } from './switch.node.js';
import { waitNode } from './wait.node.js';
import { webhookNode } from './webhook.node.js';
import { xmlNode } from './xml.node.js';

export {
  httpBasicAuthCredential,
  httpBearerAuthCredential,
  httpHeaderAuthCredential,
  httpQueryAuthCredential,
  httpRequestCredentials,
  httpServiceCredentials,
  oAuth2ApiCredential,
} from './credentials/http-credentials.js';
export {
  jwtAuthCredential,
  webhookCredentials,
  webhookHmacAuthCredential,
} from './credentials/webhook-credentials.js';
export { executionCustomData } from './execution-data.node.js';
export { compileScheduleRule, nextRuns, scheduleRules } from './schedule.js';
export { scheduleTriggerItem } from './schedule-trigger.node.js';
export {
  type Condition,
  type ConditionOptions,
  type FilterValue,
  matchesConditions,
} from './shared/filter-conditions.js';
export { lowerCaseHeaderNames } from './shared/header-names.js';
export { webhookHttpMethods, webhookMethods } from './webhook.node.js';
export {
  safeEqual,
  verifyWebhookAuth,
  type WebhookAuthCode,
  type WebhookAuthMode,
  type WebhookAuthRequest,
  type WebhookAuthResult,
  webhookAuthCredentialTypes,
  webhookAuthMode,
  webhookAuthModes,
} from './webhook-auth.js';
export { parseWebhookBody, type WebhookRequest, webhookItem } from './webhook-item.js';
export {
  buildWebhookNodeResponse,
  buildWebhookResponse,
  type RespondWith,
  respondWithModes,
  type WebhookResponse,
} from './webhook-response.js';
export {
  aggregateNode,
  codeNode,
  compareDatasetsNode,
  convertToFileNode,
  cryptoNode,
  dateTimeNode,
  errorTriggerNode,
  executeWorkflowNode,
  executeWorkflowTriggerNode,
  executionDataNode,
  extractFromFileNode,
  filterNode,
  htmlNode,
  httpRequestNode,
  ifNode,
  limitNode,
  manualTriggerNode,
  markdownNode,
  mergeNode,
  noOpNode,
  placeholderNode,
  readWriteFileNode,
  removeDuplicatesNode,
  renameKeysNode,
  respondToWebhookNode,
  scheduleTriggerNode,
  setNode,
  sortNode,
  splitInBatchesNode,
  splitOutNode,
  stopAndErrorNode,
  summarizeNode,
  switchNode,
  waitNode,
  webhookNode,
  xmlNode,
};

/** Every built-in node definition, for the engine's registry. */
export const builtinNodes: readonly AnyNodeDefinition[] = [
  manualTriggerNode,
  executeWorkflowTriggerNode,
  setNode,
  ifNode,
  filterNode,
  switchNode,
  mergeNode,
  splitOutNode,
  aggregateNode,
  sortNode,
  limitNode,
  removeDuplicatesNode,
  summarizeNode,
  renameKeysNode,
  compareDatasetsNode,
  cryptoNode,
  dateTimeNode,
  codeNode,
  noOpNode,
  stopAndErrorNode,
  splitInBatchesNode,
  executeWorkflowNode,
  waitNode,
  convertToFileNode,
  extractFromFileNode,
  readWriteFileNode,
  webhookNode,
  scheduleTriggerNode,
  errorTriggerNode,
  respondToWebhookNode,
  executionDataNode,
  htmlNode,
  xmlNode,
  markdownNode,
  httpRequestNode,
  placeholderNode,
];

/** Every built-in credential type, each name once (nodes share some), for the credential registry. */
export const builtinCredentials: readonly CredentialDefinition[] = [
  ...new Map(
    [...httpRequestCredentials, ...httpServiceCredentials, ...webhookCredentials].map((credential) => [
      credential.name,
      credential,
    ]),
  ).values(),
];
