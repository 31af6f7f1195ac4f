import { httpBasicAuthCredential } from './http-basic-auth.credential.js';
import { httpBearerAuthCredential } from './http-bearer-auth.credential.js';
import { httpHeaderAuthCredential } from './http-header-auth.credential.js';
import { httpQueryAuthCredential } from './http-query-auth.credential.js';
import { oAuth2ApiCredential } from './oauth2-api.credential.js';
import { serviceCredentials } from './service-credentials.js';

export {
  httpBasicAuthCredential,
  httpBearerAuthCredential,
  httpHeaderAuthCredential,
  httpQueryAuthCredential,
  oAuth2ApiCredential,
};

/** The generic credential types the HTTP Request node authenticates with, for the credential registry. */
export const httpRequestCredentials = [
  httpBasicAuthCredential,
  httpHeaderAuthCredential,
  httpQueryAuthCredential,
  httpBearerAuthCredential,
  oAuth2ApiCredential,
] as const;

/**
 * The service credential types (n8n's predefined ones: `openAiApi`, `qdrantApi`, …) the HTTP Request node
 * authenticates with, for the credential registry.
 */
export const httpServiceCredentials = serviceCredentials.map((credential) => credential.definition);
