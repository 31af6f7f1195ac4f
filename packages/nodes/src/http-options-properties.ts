import type { PropertySpec } from '@klikkflow/types';

/** Name and value fields of one list entry. */
export const nameValue = (what: string): PropertySpec[] => [
  { name: 'name', displayName: 'Name', type: 'string', default: '', description: `Name of the ${what}` },
  { name: 'value', displayName: 'Value', type: 'string', default: '', description: `Value of the ${what}` },
];

/** `options.response`: how the response body becomes items. */
export const responseOptions: PropertySpec = {
  name: 'response',
  displayName: 'Response',
  type: 'fixedCollection',
  default: {},
  description: 'How the response is read (n8n shape: {response: {...}})',
  properties: [
    {
      name: 'fullResponse',
      displayName: 'Include Response Headers and Status',
      type: 'boolean',
      default: false,
      description: 'Output {body, headers, statusCode} instead of the body alone',
    },
    {
      name: 'neverError',
      displayName: 'Never Error',
      type: 'boolean',
      default: false,
      description: 'Output the response even when its status is not 2xx',
    },
    {
      name: 'responseFormat',
      displayName: 'Response Format',
      type: 'options',
      default: 'autodetect',
      description: 'How to read the body',
      options: [
        { name: 'Autodetect', value: 'autodetect', description: 'By the Content-Type header' },
        { name: 'JSON', value: 'json' },
        { name: 'Text', value: 'text' },
        { name: 'File', value: 'file', description: 'Stored as binary data' },
      ],
    },
    {
      name: 'outputPropertyName',
      displayName: 'Put Output in Field',
      type: 'string',
      default: 'data',
      description: 'Field for a text body, or binary property for a file',
    },
  ],
};

/** `options.pagination`: further pages, with expressions over `$response` and `$pageCount`. */
export const paginationOptions: PropertySpec = {
  name: 'pagination',
  displayName: 'Pagination',
  type: 'fixedCollection',
  default: {},
  description:
    'Fetch further pages; expressions see $response and $pageCount (n8n shape: {pagination: {...}})',
  properties: [
    {
      name: 'paginationMode',
      displayName: 'Pagination Mode',
      type: 'options',
      default: 'off',
      description: 'How the next page is requested',
      options: [
        { name: 'Off', value: 'off' },
        { name: 'Update a Parameter in Each Request', value: 'updateAParameterInEachRequest' },
        { name: 'Response Contains Next URL', value: 'responseContainsNextURL' },
      ],
    },
    {
      name: 'nextURL',
      displayName: 'Next URL',
      type: 'string',
      default: '',
      description: 'Expression giving the next page URL, e.g. {{ $response.body.next }}',
    },
    {
      name: 'parameters',
      displayName: 'Parameters',
      type: 'fixedCollection',
      multipleValues: true,
      default: [],
      description: 'Parameters set on each next request',
      properties: [
        {
          name: 'type',
          displayName: 'Type',
          type: 'options',
          default: 'qs',
          description: 'Where the parameter goes',
          options: [
            { name: 'Query', value: 'qs' },
            { name: 'Body', value: 'body' },
            { name: 'Header', value: 'headers' },
          ],
        },
        ...nameValue('parameter'),
      ],
    },
    {
      name: 'paginationCompleteWhen',
      displayName: 'Pagination Complete When',
      type: 'options',
      default: 'responseIsEmpty',
      description: 'When to stop fetching pages',
      options: [
        { name: 'Response Is Empty', value: 'responseIsEmpty' },
        { name: 'Receive Specific Status Codes', value: 'receiveSpecificStatusCodes' },
        { name: 'Other', value: 'other', description: 'When the complete expression is true' },
      ],
    },
    {
      name: 'statusCodesWhenComplete',
      displayName: 'Status Code(s) when Complete',
      type: 'string',
      default: '',
      description: 'Comma-separated status codes that end pagination',
    },
    {
      name: 'completeExpression',
      displayName: 'Complete Expression',
      type: 'string',
      default: '',
      description: 'Expression that is true on the last page, e.g. {{ !$response.body.next }}',
    },
    {
      name: 'maxRequests',
      displayName: 'Max Pages',
      type: 'number',
      default: 100,
      description: 'Most requests sent per item',
      typeOptions: { minValue: 1 },
    },
    {
      name: 'requestInterval',
      displayName: 'Interval Between Requests (ms)',
      type: 'number',
      default: 0,
      description: 'Pause before each next page',
      typeOptions: { minValue: 0 },
    },
  ],
};
