import { jsonOf, type NodeParameters, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HarnessOptions,
  httpNodeRun,
  startTestServer,
  type TestHttpServer,
} from '../test/http-test-server.js';
import { httpRequestNode } from './http-request.node.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const run = (parameters: NodeParameters, options: HarnessOptions = {}) => httpNodeRun(parameters, options);
const url = (path: string) => `${server.base}${path}`;

describe('HTTP Request: OAuth2 client credentials', () => {
  const clientSecret = 'CANARY-client-secret-31337';
  const oauth = (extra: Record<string, unknown> = {}) => ({
    oAuth2Api: {
      grantType: 'clientCredentials',
      accessTokenUrl: url('/token'),
      clientId: 'app',
      clientSecret,
      scope: 'read write',
      authentication: 'header',
      ...extra,
    },
  });
  let issued = 0;
  beforeAll(() => {
    server.route('/token', (request) => {
      issued++;
      return {
        body: {
          access_token: `tok-${issued}-abcdef`,
          token_type: 'bearer',
          expires_in: 60,
          seen: request.text,
        },
      };
    });
    server.route('/api', (request) =>
      request.headers.authorization === `Bearer tok-${issued}-abcdef`
        ? { body: { token: request.headers.authorization } }
        : { status: 401, body: { error: 'expired' } },
    );
  });
  const params = () => ({
    url: url('/api'),
    authentication: 'genericCredentialType',
    genericAuthType: 'oAuth2Api',
  });

  it('fetches a token once, sends it as Bearer for every item and caches it in state', async () => {
    const first = issued;
    const { outputs, state } = await runNode(httpRequestNode, {
      ...run(params(), { credentials: oauth() }).options,
      items: [{}, {}],
    });
    expect(issued).toBe(first + 1);
    expect(jsonOf(outputs[0])).toEqual([
      { token: `Bearer tok-${issued}-abcdef` },
      { token: `Bearer tok-${issued}-abcdef` },
    ]);
    const tokenRequest = server.to('/token').at(-1);
    expect(tokenRequest?.text).toBe('grant_type=client_credentials&scope=read+write');
    expect(tokenRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`app:${clientSecret}`).toString('base64')}`,
    );
    expect(state).toMatchObject({ oauth2Token: { accessToken: `tok-${issued}-abcdef` } });
    // A later run with the state reuses the token while it is fresh.
    await runNode(httpRequestNode, { ...run(params(), { credentials: oauth() }).options, state });
    expect(issued).toBe(first + 1);
  });

  it('sends client id and secret in the body when asked, and refetches an expired token', async () => {
    const { state } = await runNode(
      httpRequestNode,
      run(params(), { credentials: oauth({ authentication: 'body' }) }).options,
    );
    expect(server.to('/token').at(-1)?.text).toBe(
      `grant_type=client_credentials&scope=read+write&client_id=app&client_secret=${clientSecret}`,
    );
    const before = issued;
    await runNode(httpRequestNode, {
      ...run(params(), { credentials: oauth() }).options,
      state,
      now: Date.now() + 3_600_000,
    });
    expect(issued).toBe(before + 1);
  });

  it('renews the token once after a 401', async () => {
    const state = { oauth2Token: { for: `${url('/token')} app`, accessToken: 'stale-token' } };
    const before = issued;
    const { outputs } = await runNode(httpRequestNode, {
      ...run(params(), { credentials: oauth() }).options,
      state,
    });
    expect(issued).toBe(before + 1);
    expect(jsonOf(outputs[0])).toEqual([{ token: `Bearer tok-${issued}-abcdef` }]);
  });

  it('keeps the client secret and token out of errors and refuses other grant types', async () => {
    const error = await runNodeExpectingError(
      httpRequestNode,
      run({ ...params(), url: 'http://127.0.0.1:9/api' }, { credentials: oauth() }).options,
    );
    expect(JSON.stringify(error)).not.toMatch(/CANARY|tok-\d+-abcdef/);
    const grant = await runNodeExpectingError(
      httpRequestNode,
      run(params(), { credentials: oauth({ grantType: 'authorizationCode' }) }).options,
    );
    expect(grant.code).toBe('NODE_HTTP_OAUTH2_UNSUPPORTED');
  });
});
