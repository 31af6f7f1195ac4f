import { defineCredential } from '@klikkflow/plugin-sdk';

/** A secret sent as a query parameter, e.g. `?api_key=…` (n8n's `httpQueryAuth`). */
export const httpQueryAuthCredential = defineCredential({
  name: 'httpQueryAuth',
  displayName: 'Query Auth',
  description: 'A secret value sent as a query parameter',
  properties: [
    {
      name: 'name',
      displayName: 'Name',
      type: 'string',
      default: '',
      required: true,
      description: 'Query parameter name, e.g. api_key',
    },
    {
      name: 'value',
      displayName: 'Value',
      type: 'string',
      default: '',
      required: true,
      description: 'The secret the parameter holds',
      typeOptions: { password: true },
    },
  ],
});
