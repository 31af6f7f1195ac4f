import { defineCredential } from '@klikkflow/plugin-sdk';

/** A secret sent in a request header, e.g. `X-Api-Key` (n8n's `httpHeaderAuth`). */
export const httpHeaderAuthCredential = defineCredential({
  name: 'httpHeaderAuth',
  displayName: 'Header Auth',
  description: 'A secret value sent in a request header',
  properties: [
    {
      name: 'name',
      displayName: 'Name',
      type: 'string',
      default: '',
      required: true,
      description: 'Header name, e.g. X-Api-Key',
    },
    {
      name: 'value',
      displayName: 'Value',
      type: 'string',
      default: '',
      required: true,
      description: 'The secret the header holds',
      typeOptions: { password: true },
    },
  ],
});
