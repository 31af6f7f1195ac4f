import { type N8nParameters, unsupportedVariant } from './node-mapping.types.js';

/** The generic credential types KlikkFlow's HTTP Request node authenticates with. */
const nativeGenericTypes = new Set([
  'httpBasicAuth',
  'httpHeaderAuth',
  'httpQueryAuth',
  'httpBearerAuth',
  'oAuth2Api',
]);

/**
 * n8n's predefined (service) credential types KlikkFlow's HTTP Request node authenticates with, under the
 * same names (the node's `nodeCredentialType` choices; a test keeps the two lists equal).
 */
export const nativePredefinedTypes: ReadonlySet<string> = new Set([
  'airtableTokenApi',
  'anthropicApi',
  'cloudflareApi',
  'erpNextApi',
  'googlePalmApi',
  'hubspotAppToken',
  'lemlistApi',
  'mistralCloudApi',
  'notionApi',
  'openAiApi',
  'qdrantApi',
  'serpApi',
  'slackApi',
  'supabaseApi',
  'whatsAppApi',
  'wooCommerceApi',
  'wordpressApi',
]);

/** HTTP Request v1's `authentication` values and the credential type each one uses. */
const v1CredentialTypes: Record<string, string> = {
  basicAuth: 'httpBasicAuth',
  digestAuth: 'httpDigestAuth',
  headerAuth: 'httpHeaderAuth',
  queryAuth: 'httpQueryAuth',
  oAuth1: 'oAuth1Api',
  oAuth2: 'oAuth2Api',
};

/** Native authentication parameters. */
export type NativeAuthentication =
  | { authentication: 'none' }
  | { authentication: 'genericCredentialType'; genericAuthType: string }
  | { authentication: 'predefinedCredentialType'; nodeCredentialType: string };

function generic(credentialType: unknown): NativeAuthentication {
  if (typeof credentialType === 'string' && nativeGenericTypes.has(credentialType)) {
    return { authentication: 'genericCredentialType', genericAuthType: credentialType };
  }
  return unsupportedVariant(
    `it authenticates with a "${String(credentialType)}" credential; KlikkFlow's HTTP Request supports basic, header, query, bearer and OAuth2 credentials`,
  );
}

/**
 * A predefined credential type as native parameters. OAuth2 types of a service (`zoomOAuth2Api`,
 * `gmailOAuth2`, …) sign a user in through a browser, which KlikkFlow does not support.
 */
function predefined(credentialType: unknown): NativeAuthentication {
  if (typeof credentialType === 'string' && nativePredefinedTypes.has(credentialType)) {
    return { authentication: 'predefinedCredentialType', nodeCredentialType: credentialType };
  }
  const type = String(credentialType);
  if (/OAuth2/i.test(type)) {
    return unsupportedVariant(
      `it authenticates with n8n's predefined "${type}" credential type, an OAuth2 sign-in (authorization code) type KlikkFlow does not support`,
    );
  }
  return unsupportedVariant(
    `it authenticates with n8n's predefined "${type}" credential type, which KlikkFlow does not have`,
  );
}

/** HTTP Request v1 authentication (`basicAuth`, `headerAuth`, … or `none`) as native parameters. */
export function authenticationV1(value: unknown): NativeAuthentication {
  if (value === undefined || value === 'none') return { authentication: 'none' };
  return generic(typeof value === 'string' ? (v1CredentialTypes[value] ?? value) : value);
}

/**
 * HTTP Request v2+ authentication (`none`, `genericCredentialType` + `genericAuthType`,
 * `predefinedCredentialType` + `nodeCredentialType`) as native parameters.
 */
export function authenticationV2(parameters: N8nParameters): NativeAuthentication {
  const { authentication } = parameters;
  if (authentication === undefined || authentication === 'none') return { authentication: 'none' };
  if (authentication === 'genericCredentialType') return generic(parameters.genericAuthType);
  if (authentication === 'predefinedCredentialType') return predefined(parameters.nodeCredentialType);
  return unsupportedVariant(`authentication "${String(authentication)}" is unknown`);
}
