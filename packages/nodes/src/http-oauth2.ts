import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { OperationalError, UserError } from '@klikkflow/types';
import { asText } from './shared/as-text.js';

/** The access token kept in node state for the rest of the execution. */
interface CachedToken {
  /** Token endpoint and client the token belongs to, so a changed credential is not served a stale one. */
  for: string;
  accessToken: string;
  /** Epoch ms after which the token is fetched again (absent: no expiry given). */
  expiresAt?: number;
}

interface OAuth2State {
  oauth2Token?: CachedToken;
}

/** Refetch this long before the token's stated expiry, so it does not lapse in flight. */
const EXPIRY_MARGIN_MS = 30_000;

/** Client credentials of an `oAuth2Api` credential. */
export interface OAuth2ClientCredentials {
  accessTokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  sendIn: 'header' | 'body';
}

/** Reads and checks an `oAuth2Api` credential: only the client credentials grant is supported. */
export function clientCredentialsOf(data: Record<string, unknown>): OAuth2ClientCredentials {
  const grantType = asText(data.grantType) || 'clientCredentials';
  if (grantType !== 'clientCredentials') {
    throw new UserError(
      'NODE_HTTP_OAUTH2_UNSUPPORTED',
      `OAuth2 grant type "${grantType}" is not supported; only "clientCredentials" is`,
      { details: { grantType } },
    );
  }
  const accessTokenUrl = asText(data.accessTokenUrl);
  if (accessTokenUrl === '') {
    throw new UserError('NODE_HTTP_OAUTH2_INVALID', 'the OAuth2 credential has no access token URL');
  }
  return {
    accessTokenUrl,
    clientId: asText(data.clientId),
    clientSecret: asText(data.clientSecret),
    scope: asText(data.scope),
    sendIn: data.authentication === 'body' ? 'body' : 'header',
  };
}

function tokenRequestBody(client: OAuth2ClientCredentials): string {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (client.scope !== '') form.set('scope', client.scope);
  if (client.sendIn === 'body') {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  }
  return form.toString();
}

async function fetchToken(ctx: NodeExecutionContext, client: OAuth2ClientCredentials): Promise<CachedToken> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (client.sendIn === 'header') {
    const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const response = await ctx.helpers.httpRequest({
    url: client.accessTokenUrl,
    method: 'POST',
    headers,
    body: tokenRequestBody(client),
  });
  if (response.status < 200 || response.status >= 300) {
    const transient = response.status === 429 || response.status >= 500;
    const message = `the OAuth2 token endpoint answered HTTP ${response.status}`;
    const options = { details: { status: response.status } };
    throw transient
      ? new OperationalError('NODE_HTTP_OAUTH2_TOKEN', message, options)
      : new UserError('NODE_HTTP_OAUTH2_TOKEN', message, options);
  }
  let parsed: { access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    parsed = {};
  }
  if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
    throw new UserError('NODE_HTTP_OAUTH2_TOKEN', 'the OAuth2 token endpoint sent no access_token');
  }
  const token: CachedToken = { for: cacheKey(client), accessToken: parsed.access_token };
  const expiresIn = Number(parsed.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) {
    token.expiresAt = ctx.now() + Math.max(0, expiresIn * 1000 - EXPIRY_MARGIN_MS);
  }
  return token;
}

function cacheKey(client: OAuth2ClientCredentials): string {
  return `${client.accessTokenUrl} ${client.clientId}`;
}

/**
 * An access token for the client: the one cached in node state while it is fresh, else a new one from
 * the token endpoint (through the egress client), cached for the rest of the execution.
 */
export async function accessToken(
  ctx: NodeExecutionContext,
  client: OAuth2ClientCredentials,
  forceNew: boolean,
): Promise<string> {
  const state = ctx.getState<OAuth2State>() ?? {};
  const cached = state.oauth2Token;
  const fresh =
    cached?.for === cacheKey(client) && (cached.expiresAt === undefined || cached.expiresAt > ctx.now());
  if (cached && fresh && !forceNew) return cached.accessToken;
  const token = await fetchToken(ctx, client);
  ctx.setState({ ...state, oauth2Token: token });
  return token.accessToken;
}
