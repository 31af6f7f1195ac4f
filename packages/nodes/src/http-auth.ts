import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { UserError } from '@klikkflow/types';
import { findServiceCredential, serviceCredentialTypes } from './credentials/service-credentials.js';
import { accessToken, clientCredentialsOf } from './http-oauth2.js';
import { secretSpellings } from './http-redact.js';
import type { AuthAdditions } from './http-request-encoding.js';
import { type GenericAuthType, genericAuthTypes } from './http-request-properties.js';
import { basicAuthorization, serviceAuthentication } from './http-service-auth.js';
import { asText } from './shared/as-text.js';
import { choice } from './shared/choice.js';

/** Adds a credential to requests and knows which strings must never be shown. */
export interface Authenticator {
  /** Headers and query parameters for the next request (fetches an OAuth2 token when needed). */
  additions(): Promise<AuthAdditions>;
  /** True when a 401 may be cured by a new token: the next `additions()` fetches one. */
  renewAfterUnauthorized(): boolean;
  /** Every secret spelling to scrub from errors. */
  secrets(): string[];
}

const none: Authenticator = {
  additions: async () => ({ headers: {}, query: {} }),
  renewAfterUnauthorized: () => false,
  secrets: () => [],
};

function requireName(type: GenericAuthType, name: string): string {
  if (name === '') {
    throw new UserError('NODE_CREDENTIAL_INVALID', `the ${type} credential has no name set`, {
      details: { type },
    });
  }
  return name;
}

/** Headers and query parameters of a static credential, with the secrets they carry. */
function staticAdditions(
  type: Exclude<GenericAuthType, 'oAuth2Api'>,
  data: Record<string, unknown>,
): { additions: AuthAdditions; secrets: string[] } {
  switch (type) {
    case 'httpBasicAuth': {
      const password = asText(data.password);
      const header = basicAuthorization(asText(data.user), password);
      return {
        additions: { headers: { Authorization: header }, query: {} },
        secrets: [password, header.slice('Basic '.length)],
      };
    }
    case 'httpHeaderAuth': {
      const value = asText(data.value);
      return {
        additions: { headers: { [requireName(type, asText(data.name))]: value }, query: {} },
        secrets: [value],
      };
    }
    case 'httpQueryAuth': {
      const value = asText(data.value);
      return {
        additions: { headers: {}, query: { [requireName(type, asText(data.name))]: value } },
        secrets: [value],
      };
    }
    case 'httpBearerAuth': {
      const token = asText(data.token);
      return { additions: { headers: { Authorization: `Bearer ${token}` }, query: {} }, secrets: [token] };
    }
  }
}

function oauth2(ctx: NodeExecutionContext, data: Record<string, unknown>): Authenticator {
  const client = clientCredentialsOf(data);
  const secrets = new Set(secretSpellings(client.clientSecret));
  let renew = false;
  return {
    async additions() {
      const token = await accessToken(ctx, client, renew);
      renew = false;
      for (const spelling of secretSpellings(token)) secrets.add(spelling);
      return { headers: { Authorization: `Bearer ${token}` }, query: {} };
    },
    renewAfterUnauthorized() {
      renew = true;
      return true;
    },
    secrets: () => [...secrets],
  };
}

/** An authenticator that adds the same headers and query parameters to every request. */
function fixed({ additions, secrets }: { additions: AuthAdditions; secrets: string[] }): Authenticator {
  const spellings = secrets.flatMap(secretSpellings);
  return {
    additions: async () => additions,
    renewAfterUnauthorized: () => false,
    secrets: () => spellings,
  };
}

/** The authenticator of a predefined (service) credential type, named by `nodeCredentialType`. */
async function predefined(ctx: NodeExecutionContext): Promise<Authenticator> {
  const type = ctx.getParameter('nodeCredentialType', 0);
  const credential = findServiceCredential(type);
  if (!credential) {
    throw new UserError(
      'NODE_HTTP_AUTH_UNSUPPORTED',
      `predefined credential type "${asText(type)}" is not supported; supported: ${serviceCredentialTypes.join(', ')}`,
      { details: { nodeCredentialType: type } },
    );
  }
  const data = await ctx.getCredentials(credential.definition.name);
  return fixed(serviceAuthentication(credential, data));
}

/** The authenticator the node's `authentication` parameters ask for (credentials are read once per run). */
export async function createAuthenticator(ctx: NodeExecutionContext): Promise<Authenticator> {
  const authentication = ctx.getParameter('authentication', 0, 'none');
  if (authentication === 'none') return none;
  if (authentication === 'predefinedCredentialType') return predefined(ctx);
  if (authentication !== 'genericCredentialType') {
    throw new UserError(
      'NODE_HTTP_AUTH_UNSUPPORTED',
      `authentication "${asText(authentication)}" is not supported; use "none", "genericCredentialType" or "predefinedCredentialType"`,
      { details: { authentication } },
    );
  }
  const type = choice(ctx.getParameter('genericAuthType', 0), genericAuthTypes, 'genericAuthType');
  const data = await ctx.getCredentials(type);
  if (type === 'oAuth2Api') return oauth2(ctx, data);
  return fixed(staticAdditions(type, data));
}
