import type { PropertySpec } from '@klikkflow/types';
import { serviceCredentials } from './credentials/service-credentials.js';
import { nameValue, paginationOptions, responseOptions } from './http-options-properties.js';

/** HTTP methods the node sends. */
export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Generic credential types the node can authenticate with (n8n's `genericAuthType` values). */
export const genericAuthTypes = [
  'httpBasicAuth',
  'httpHeaderAuth',
  'httpQueryAuth',
  'httpBearerAuth',
  'oAuth2Api',
] as const;
export type GenericAuthType = (typeof genericAuthTypes)[number];

/** Body encodings (n8n's `contentType` values). */
export const contentTypes = ['json', 'form-urlencoded', 'multipart-form-data', 'raw'] as const;
export type BodyContentType = (typeof contentTypes)[number];

/** How a response body is turned into items. */
export const responseFormats = ['autodetect', 'json', 'text', 'file'] as const;
export type ResponseFormat = (typeof responseFormats)[number];

const pairList = (name: string, displayName: string, what: string, show: string): PropertySpec => ({
  name,
  displayName,
  type: 'fixedCollection',
  multipleValues: true,
  default: [],
  description: `The ${what}s to send (n8n's {parameters: [...]} wrapper is accepted too)`,
  properties: nameValue(what),
  displayOptions: { show: { [show]: [true] } },
});

const bodyShow = (contentType: BodyContentType[], extra: Record<string, unknown[]> = {}) => ({
  show: { sendBody: [true], contentType, ...extra },
});

/** The declarative parameters of `core.httpRequest` (n8n httpRequest 4.x names and shapes). */
export const httpRequestProperties: PropertySpec[] = [
  {
    name: 'method',
    displayName: 'Method',
    type: 'options',
    default: 'GET',
    description: 'HTTP method',
    options: httpMethods.map((method) => ({ name: method, value: method })),
  },
  {
    name: 'url',
    displayName: 'URL',
    type: 'string',
    default: '',
    required: true,
    description: 'The http(s) URL to request',
    placeholder: 'https://example.com/api',
  },
  {
    name: 'authentication',
    displayName: 'Authentication',
    type: 'options',
    default: 'none',
    description: 'How the request is authenticated',
    options: [
      { name: 'None', value: 'none' },
      { name: 'Generic Credential Type', value: 'genericCredentialType' },
      { name: 'Predefined Credential Type', value: 'predefinedCredentialType' },
    ],
  },
  {
    name: 'genericAuthType',
    displayName: 'Generic Auth Type',
    type: 'options',
    default: 'httpHeaderAuth',
    description: 'The credential type to authenticate with',
    options: genericAuthTypes.map((type) => ({ name: type, value: type })),
    displayOptions: { show: { authentication: ['genericCredentialType'] } },
  },
  {
    name: 'nodeCredentialType',
    displayName: 'Credential Type',
    type: 'options',
    default: 'openAiApi',
    description: "The service credential to authenticate with (n8n's predefined credential types)",
    options: serviceCredentials.map(({ definition }) => ({
      name: definition.displayName,
      value: definition.name,
    })),
    displayOptions: { show: { authentication: ['predefinedCredentialType'] } },
  },
  {
    name: 'sendQuery',
    displayName: 'Send Query Parameters',
    type: 'boolean',
    default: false,
    description: 'Add query parameters to the URL',
  },
  pairList('queryParameters', 'Query Parameters', 'query parameter', 'sendQuery'),
  {
    name: 'sendHeaders',
    displayName: 'Send Headers',
    type: 'boolean',
    default: false,
    description: 'Add request headers',
  },
  pairList('headerParameters', 'Header Parameters', 'header', 'sendHeaders'),
  {
    name: 'sendBody',
    displayName: 'Send Body',
    type: 'boolean',
    default: false,
    description: 'Send a request body',
  },
  {
    name: 'contentType',
    displayName: 'Body Content Type',
    type: 'options',
    default: 'json',
    description: 'How the body is encoded',
    options: [
      { name: 'JSON', value: 'json' },
      { name: 'Form URL Encoded', value: 'form-urlencoded' },
      { name: 'Form-Data (Multipart)', value: 'multipart-form-data' },
      { name: 'Raw', value: 'raw' },
    ],
    displayOptions: { show: { sendBody: [true] } },
  },
  {
    name: 'specifyBody',
    displayName: 'Specify Body',
    type: 'options',
    default: 'keypair',
    description: 'Build the JSON body from fields or write it whole',
    options: [
      { name: 'Using Fields Below', value: 'keypair' },
      { name: 'Using JSON', value: 'json' },
    ],
    displayOptions: bodyShow(['json']),
  },
  {
    name: 'bodyParameters',
    displayName: 'Body Parameters',
    type: 'fixedCollection',
    multipleValues: true,
    default: [],
    description: 'Body fields (n8n {parameters: [...]} wrapper accepted)',
    properties: [
      {
        name: 'parameterType',
        displayName: 'Parameter Type',
        type: 'options',
        default: 'formData',
        description: 'A text field, or (multipart only) a file from the item binary',
        options: [
          { name: 'Form Data', value: 'formData' },
          { name: 'n8n Binary File', value: 'formBinaryData' },
        ],
      },
      ...nameValue('body field'),
      {
        name: 'inputDataFieldName',
        displayName: 'Input Data Field Name',
        type: 'string',
        default: 'data',
        description: 'Binary property of the item holding the file',
      },
    ],
    displayOptions: { show: { sendBody: [true] }, hide: { specifyBody: ['json'] } },
  },
  {
    name: 'jsonBody',
    displayName: 'JSON',
    type: 'json',
    default: '',
    description: 'The JSON body, as text or an object',
    displayOptions: bodyShow(['json'], { specifyBody: ['json'] }),
  },
  {
    name: 'rawContentType',
    displayName: 'Content Type',
    type: 'string',
    default: 'text/plain',
    description: 'Content-Type header of the raw body',
    displayOptions: bodyShow(['raw']),
  },
  {
    name: 'body',
    displayName: 'Body',
    type: 'string',
    default: '',
    description: 'The raw body, sent as is',
    displayOptions: bodyShow(['raw']),
  },
  {
    name: 'options',
    displayName: 'Options',
    type: 'collection',
    default: {},
    description: 'Response handling, timeout, batching, pagination, retries and idempotency',
    properties: [
      responseOptions,
      {
        name: 'timeout',
        displayName: 'Timeout (ms)',
        type: 'number',
        default: 30_000,
        description: 'Deadline of each request',
        typeOptions: { minValue: 1 },
      },
      {
        name: 'batching',
        displayName: 'Batching',
        type: 'fixedCollection',
        default: {},
        description: 'Pause after every batch of items (n8n shape: {batch: {...}})',
        properties: [
          {
            name: 'batchSize',
            displayName: 'Items per Batch',
            type: 'number',
            default: 50,
            description: 'Requests per batch (-1 for no batching)',
          },
          {
            name: 'batchInterval',
            displayName: 'Batch Interval (ms)',
            type: 'number',
            default: 1000,
            description: 'Pause between batches',
            typeOptions: { minValue: 0 },
          },
        ],
      },
      paginationOptions,
      {
        name: 'retryOnRateLimit',
        displayName: 'Retry on Rate Limit and Server Errors',
        type: 'boolean',
        default: true,
        description: 'Retry 429 and 5xx answers up to 3 times, honouring Retry-After',
      },
      {
        name: 'sendIdempotencyKey',
        displayName: 'Send Idempotency Key',
        type: 'boolean',
        default: false,
        description: 'Send an Idempotency-Key header that stays the same when the execution retries',
      },
    ],
  },
];
