import { type N8nParameters, unsupportedVariant } from './node-mapping.types.js';

/** The generic credential types KlikkFlow's HTTP Request node authenticates with. */
const nativeGenericTypes = new Set([
  'httpBasicAuth',
  'httpHeaderAuth',
  'httpQueryAuth',
  'httpBearerAuth',
  'oAuth2Api',
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
  | { authentication: 'genericCredentialType'; genericAuthType: string };

function generic(credentialType: unknown): NativeAuthentication {
  if (typeof credentialType === 'string' && nativeGenericTypes.has(credentialType)) {
    return { authentication: 'genericCredentialType', genericAuthType: credentialType };
  }
  return unsupportedVariant(
    `it authenticates with a "${String(credentialType)}" credential; KlikkFlow's HTTP Request supports basic, header, query, bearer and OAuth2 credentials`,
  );
}

/** HTTP Request v1 authentication (`basicAuth`, `headerAuth`, … or `none`) as native parameters. */
export function authenticationV1(value: unknown): NativeAuthentication {
  if (value === undefined || value === 'none') return { authentication: 'none' };
  return generic(typeof value === 'string' ? (v1CredentialTypes[value] ?? value) : value);
}

/**
 * HTTP Request v2+ authentication (`none`, `genericCredentialType` + `genericAuthType`,
 * `predefinedCredentialType` + `nodeCredentialType`) as native parameters. A predefined (service) credential
 * has no native equivalent.
 */
export function authenticationV2(parameters: N8nParameters): NativeAuthentication {
  const { authentication } = parameters;
  if (authentication === undefined || authentication === 'none') return { authentication: 'none' };
  if (authentication === 'genericCredentialType') return generic(parameters.genericAuthType);
  if (authentication === 'predefinedCredentialType') {
    return unsupportedVariant(
      `it authenticates with n8n's predefined "${String(parameters.nodeCredentialType)}" credential type, which KlikkFlow does not have`,
    );
  }
  return unsupportedVariant(`authentication "${String(authentication)}" is unknown`);
}
