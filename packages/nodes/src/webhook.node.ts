import { defineNode, type NodeParameters } from '@klikkflow/plugin-sdk';
import { invalidParameter } from './shared/parameter-error.js';
import { webhookAuthCredentialTypes } from './webhook-auth.js';

/** HTTP methods a webhook can listen on. */
export const webhookHttpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type WebhookHttpMethod = (typeof webhookHttpMethods)[number];

const methodOptions = webhookHttpMethods.map((method) => ({ name: method, value: method }));

/**
 * The methods a Webhook node answers: `httpMethods` when `multipleMethods` is on, else `httpMethod` (which
 * n8n files also store as a list when several methods are allowed). An unknown method is a
 * `NODE_PARAMETER_INVALID`.
 */
export function webhookMethods(parameters: NodeParameters): WebhookHttpMethod[] {
  const raw = parameters.multipleMethods === true ? parameters.httpMethods : (parameters.httpMethod ?? 'GET');
  const list = Array.isArray(raw) ? raw : [raw];
  const known = webhookHttpMethods as readonly unknown[];
  const bad = list.find((method) => !known.includes(method));
  if (list.length === 0 || bad !== undefined) {
    throw invalidParameter(
      `HTTP method must be one of ${webhookHttpMethods.join(', ')}, not ${JSON.stringify(bad ?? [])}`,
      {
        parameter: 'httpMethod',
      },
    );
  }
  return [...new Set(list as WebhookHttpMethod[])];
}

/**
 * Webhook: starts the workflow when its URL is called. The server matches the path and methods, checks
 * `authentication` with `verifyWebhookAuth`, builds the trigger item with `webhookItem` and answers with
 * `buildWebhookNodeResponse`; in a run the node emits the trigger items it is given.
 */
export const webhookNode = defineNode({
  type: 'core.webhook',
  version: 1,
  displayName: 'Webhook',
  description: 'Starts the workflow when an HTTP request reaches its URL',
  group: 'trigger',
  isTrigger: true,
  triggerModes: ['webhook', 'manual'],
  inputs: [],
  outputs: [{ kind: 'main' }],
  credentials: Object.values(webhookAuthCredentialTypes)
    .filter((type): type is string => type !== undefined)
    .map((type) => ({ type, required: false })),
  properties: [
    {
      name: 'multipleMethods',
      displayName: 'Allow Multiple HTTP Methods',
      type: 'boolean',
      default: false,
      description: 'Listen on several HTTP methods instead of one',
    },
    {
      name: 'httpMethod',
      displayName: 'HTTP Method',
      type: 'options',
      default: 'GET',
      description: 'The HTTP method to listen on',
      options: methodOptions,
      displayOptions: { show: { multipleMethods: [false] } },
    },
    {
      name: 'httpMethods',
      displayName: 'HTTP Methods',
      type: 'multiOptions',
      default: ['GET', 'POST'],
      description: 'The HTTP methods to listen on',
      options: methodOptions,
      displayOptions: { show: { multipleMethods: [true] } },
    },
    {
      name: 'path',
      displayName: 'Path',
      type: 'string',
      default: '',
      placeholder: 'orders/:id',
      description: 'URL path after /webhook/ (":name" segments become params; blank uses the webhook id)',
    },
    {
      name: 'authentication',
      displayName: 'Authentication',
      type: 'options',
      default: 'none',
      description: 'How callers must prove who they are',
      options: [
        { name: 'None', value: 'none', description: 'Anyone with the URL may call it' },
        { name: 'Header Auth', value: 'headerAuth', description: 'A secret header (Header Auth credential)' },
        { name: 'Basic Auth', value: 'basicAuth', description: 'HTTP Basic user and password' },
        { name: 'HMAC Signature', value: 'hmac', description: 'Signed raw body, optional replay window' },
        { name: 'JWT', value: 'jwt', description: 'Bearer JWT checked with a secret or public key' },
      ],
    },
    {
      name: 'responseMode',
      displayName: 'Respond',
      type: 'options',
      default: 'onReceived',
      description: 'When and how the caller gets an answer',
      options: [
        { name: 'Immediately', value: 'onReceived', description: 'As soon as the request is accepted' },
        { name: 'When Last Node Finishes', value: 'lastNode', description: 'With the last node’s data' },
        { name: 'Using Respond to Webhook Node', value: 'responseNode', description: 'As that node says' },
      ],
    },
    {
      name: 'responseCode',
      displayName: 'Response Code',
      type: 'number',
      default: 200,
      description: 'HTTP status code of the answer',
      typeOptions: { minValue: 100, maxValue: 599 },
      displayOptions: { show: { responseMode: ['onReceived', 'lastNode'] } },
    },
    {
      name: 'responseData',
      displayName: 'Response Data',
      type: 'options',
      default: 'firstEntryJson',
      description: 'What of the last node’s output to answer with',
      options: [
        { name: 'First Entry JSON', value: 'firstEntryJson', description: 'The first item’s JSON' },
        {
          name: 'First Entry Binary',
          value: 'firstEntryBinary',
          description: 'A binary field of the first item',
        },
        { name: 'All Entries', value: 'allEntries', description: 'A JSON list of every item' },
        { name: 'No Response Body', value: 'noData', description: 'Only the status code' },
      ],
      displayOptions: { show: { responseMode: ['lastNode'] } },
    },
    {
      name: 'responseBinaryPropertyName',
      displayName: 'Binary Field',
      type: 'string',
      default: 'data',
      description: 'Name of the binary field to answer with',
      displayOptions: { show: { responseMode: ['lastNode'], responseData: ['firstEntryBinary'] } },
    },
  ],
  // The server hands a webhook its request item on input 0; a run emits it unchanged.
  execute: async (_ctx, inputs) => [inputs[0] ?? []],
});
