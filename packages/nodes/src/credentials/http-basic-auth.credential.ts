import { defineCredential } from '@klikkflow/plugin-sdk';

/** HTTP Basic auth: a user and password sent as `Authorization: Basic …` (n8n's `httpBasicAuth`). */
export const httpBasicAuthCredential = defineCredential({
  name: 'httpBasicAuth',
  displayName: 'Basic Auth',
  description: 'A user name and password sent as HTTP Basic authorization',
  properties: [
    {
      name: 'user',
      displayName: 'User',
      type: 'string',
      default: '',
      required: true,
      description: 'User name',
    },
    {
      name: 'password',
      displayName: 'Password',
      type: 'string',
      default: '',
      required: true,
      description: 'Password',
      typeOptions: { password: true },
    },
  ],
  derivedSecrets: (data) =>
    typeof data.user === 'string' && typeof data.password === 'string' && data.password !== ''
      ? [`${data.user}:${data.password}`]
      : [],
});
