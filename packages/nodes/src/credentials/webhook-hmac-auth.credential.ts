import { defineCredential } from '@klikkflow/plugin-sdk';

/** HMAC signature of the raw request body (GitHub style `X-Hub-Signature-256: sha256=<hex>` and alike). */
export const webhookHmacAuthCredential = defineCredential({
  name: 'webhookHmacAuth',
  displayName: 'Webhook HMAC Signature',
  description: 'A shared secret the caller signs the raw request body with',
  properties: [
    {
      name: 'secret',
      displayName: 'Secret',
      type: 'string',
      default: '',
      required: true,
      description: 'Shared signing secret',
      typeOptions: { password: true },
    },
    {
      name: 'header',
      displayName: 'Signature Header',
      type: 'string',
      default: 'X-Signature-256',
      description: 'Header holding the signature',
    },
    {
      name: 'algorithm',
      displayName: 'Algorithm',
      type: 'options',
      default: 'sha256',
      description: 'Hash function of the HMAC',
      options: [
        { name: 'SHA-256', value: 'sha256' },
        { name: 'SHA-512', value: 'sha512' },
        { name: 'SHA-1 (legacy senders only)', value: 'sha1' },
      ],
    },
    {
      name: 'encoding',
      displayName: 'Encoding',
      type: 'options',
      default: 'hex',
      description: 'How the signature is written in the header',
      options: [
        { name: 'Hex', value: 'hex' },
        { name: 'Base64', value: 'base64' },
      ],
    },
    {
      name: 'prefix',
      displayName: 'Prefix',
      type: 'string',
      default: 'sha256=',
      description: 'Text before the signature in the header (blank for none)',
    },
    {
      name: 'timestampHeader',
      displayName: 'Timestamp Header',
      type: 'string',
      default: '',
      description: 'Header with the signing time in epoch seconds; when set, "<timestamp>.<body>" is signed',
    },
    {
      name: 'toleranceSeconds',
      displayName: 'Tolerance (Seconds)',
      type: 'number',
      default: 300,
      description: 'Refuse signatures whose timestamp is further than this from now (replay window)',
      typeOptions: { minValue: 1 },
    },
  ],
});
