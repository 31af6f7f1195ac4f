import { httpBasicAuthCredential } from './http-basic-auth.credential.js';
import { httpHeaderAuthCredential } from './http-header-auth.credential.js';
import { jwtAuthCredential } from './jwt-auth.credential.js';
import { webhookHmacAuthCredential } from './webhook-hmac-auth.credential.js';

export { jwtAuthCredential, webhookHmacAuthCredential };

/**
 * The credential types Webhook authentication checks callers with (header and basic are shared with the
 * HTTP Request node), for the credential registry.
 */
export const webhookCredentials = [
  httpHeaderAuthCredential,
  httpBasicAuthCredential,
  webhookHmacAuthCredential,
  jwtAuthCredential,
] as const;
