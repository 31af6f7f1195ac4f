import { defineNode } from '@klikkflow/plugin-sdk';
import { pairEach } from './shared/paired-items.js';
import { buildWebhookResponse } from './webhook-response.js';

const show = (...respondWith: string[]) => ({ show: { respondWith } });

/**
 * Respond to Webhook: builds the answer of a Webhook node in `responseNode` mode with
 * `buildWebhookResponse` from its parameters (resolved for item 0) and its input, keeps it as its node
 * state (`{ response }`), where the server picks it up, and passes its items on. A bad description fails
 * here, naming the node.
 */
export const respondToWebhookNode = defineNode({
  type: 'core.respondToWebhook',
  version: 1,
  displayName: 'Respond to Webhook',
  description: 'Sets the HTTP answer of a webhook started workflow',
  group: 'utility',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'respondWith',
      displayName: 'Respond With',
      type: 'options',
      default: 'firstIncomingItem',
      description: 'What the answer carries',
      options: [
        { name: 'First Incoming Item', value: 'firstIncomingItem', description: 'The first item’s JSON' },
        { name: 'All Incoming Items', value: 'allIncomingItems', description: 'A JSON list of every item' },
        { name: 'JSON', value: 'json', description: 'The JSON in Response Body' },
        { name: 'Text', value: 'text', description: 'The text in Response Body (text/plain)' },
        { name: 'Binary File', value: 'binary', description: 'A binary field of the first item' },
        { name: 'No Data', value: 'noData', description: 'Only status and headers' },
        { name: 'Redirect', value: 'redirect', description: 'Send the caller to another URL' },
      ],
    },
    {
      name: 'responseBody',
      displayName: 'Response Body',
      type: 'string',
      default: '',
      description: 'JSON (for JSON) or text (for Text) to answer with; usually an expression',
      typeOptions: { rows: 4 },
      displayOptions: show('json', 'text'),
    },
    {
      name: 'redirectURL',
      displayName: 'Redirect URL',
      type: 'string',
      default: '',
      placeholder: 'https://example.com/thanks',
      description: 'Where to send the caller: an http(s) URL or a path on this server',
      displayOptions: show('redirect'),
    },
    {
      name: 'responseDataSource',
      displayName: 'Response Data Source',
      type: 'options',
      default: 'automatic',
      description: 'Which binary field of the first item to send',
      options: [
        {
          name: 'Choose Automatically From Input',
          value: 'automatic',
          description: 'Its first binary field',
        },
        { name: 'Specify Myself', value: 'set', description: 'The field named below' },
      ],
      displayOptions: show('binary'),
    },
    {
      name: 'inputFieldName',
      displayName: 'Input Field Name',
      type: 'string',
      default: 'data',
      description: 'Name of the binary field to send',
      displayOptions: { show: { respondWith: ['binary'], responseDataSource: ['set'] } },
    },
    {
      name: 'options',
      displayName: 'Options',
      type: 'collection',
      default: {},
      description: 'Status code, headers and wrapping of the answer',
      properties: [
        {
          name: 'responseCode',
          displayName: 'Response Code',
          type: 'number',
          default: 200,
          description: 'HTTP status code (a redirect uses 307 unless this is a 3xx code)',
          typeOptions: { minValue: 100, maxValue: 599 },
        },
        {
          name: 'responseHeaders',
          displayName: 'Response Headers',
          type: 'fixedCollection',
          default: [],
          multipleValues: true,
          description: 'Extra headers; they replace default ones with the same name',
          properties: [
            { name: 'name', displayName: 'Name', type: 'string', default: '', description: 'Header name' },
            { name: 'value', displayName: 'Value', type: 'string', default: '', description: 'Header value' },
          ],
        },
        {
          name: 'responseKey',
          displayName: 'Put Response in Field',
          type: 'string',
          default: '',
          description: 'Wrap the item JSON in an object under this key (item modes only)',
        },
      ],
    },
  ],
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    // The server answers the waiting caller from this node's state as soon as the node's run is committed.
    ctx.setState({ response: buildWebhookResponse(ctx.getParameters(0), items) });
    return [pairEach(items)];
  },
});
