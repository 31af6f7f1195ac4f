import { defineCredential } from '@klikkflow/plugin-sdk';

/** A token sent as `Authorization: Bearer …` (n8n's `httpBearerAuth`). */
export const httpBearerAuthCredential = defineCredential({
  name: 'httpBearerAuth',
  displayName: 'Bearer Auth',
  description: 'A token sent as HTTP Bearer authorization',
  properties: [
    {
      name: 'token',
      displayName: 'Bearer Token',
      type: 'string',
      default: '',
      required: true,
      description: 'The token, without the "Bearer " prefix',
      typeOptions: { password: true },
    },
  ],
});
