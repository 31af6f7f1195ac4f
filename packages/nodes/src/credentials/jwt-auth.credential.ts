import { defineCredential } from '@klikkflow/plugin-sdk';

/** A signed JWT in `Authorization: Bearer <token>` (n8n's `jwtAuth`, verify side). */
export const jwtAuthCredential = defineCredential({
  name: 'jwtAuth',
  displayName: 'JWT Auth',
  description: 'Verifies a bearer JWT with a shared secret or a public key',
  properties: [
    {
      name: 'algorithm',
      displayName: 'Algorithm',
      type: 'options',
      default: 'HS256',
      description: 'The only signing algorithm accepted (HS* use the secret, others the public key)',
      options: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'ES512'].map(
        (value) => ({ name: value, value }),
      ),
    },
    {
      name: 'secret',
      displayName: 'Secret',
      type: 'string',
      default: '',
      description: 'Shared secret for HS256/HS384/HS512',
      typeOptions: { password: true },
    },
    {
      name: 'publicKey',
      displayName: 'Public Key',
      type: 'string',
      default: '',
      description: 'PEM public key or certificate for RS*, PS* and ES* algorithms',
      typeOptions: { rows: 6 },
    },
  ],
});
