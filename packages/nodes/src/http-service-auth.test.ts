import { jsonOf, type NodeParameters, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HarnessOptions,
  httpNodeRun,
  type ReceivedRequest,
  startTestServer,
  type TestHttpServer,
} from '../test/http-test-server.js';
import { serviceCredentialTypes } from './credentials/service-credentials.js';
import { httpRequestNode } from './http-request.node.js';

/** Headers fetch sends by itself. */
const transportHeaders = new Set([
  'host',
  'connection',
  'accept',
  'accept-language',
  'sec-fetch-mode',
  'user-agent',
  'accept-encoding',
]);

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
  server.route('/api', () => ({ body: { ok: true } }));
  // Reflects the credential back in an error answer (short, so the error's excerpt of it holds it all),
  // so the test sees whether the node's error keeps it.
  server.route('/reject', (request) => ({
    status: 401,
    body: {
      query: request.query,
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !transportHeaders.has(name)),
      ),
    },
  }));
});
afterAll(() => server.close());

const url = (path: string) => `${server.base}${path}`;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A secret value that names its field, long enough to be redacted. */
const secret = (field: string) => `SECRET-${field}-7f3a9c`;

/** What a credential of one type holds and what its requests must carry. */
interface Case {
  data: Record<string, unknown>;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Headers (lower-case) the request must not carry. */
  absent?: string[];
}

/** One case per service credential type (the test below checks none is missing). */
const cases: Record<string, Case> = {
  airtableTokenApi: {
    data: { accessToken: secret('accessToken') },
    headers: { authorization: `Bearer ${secret('accessToken')}` },
  },
  anthropicApi: {
    data: { apiKey: secret('apiKey'), url: 'https://api.anthropic.com' },
    headers: { 'x-api-key': secret('apiKey') },
    absent: ['authorization'],
  },
  cloudflareApi: {
    data: { apiToken: secret('apiToken') },
    headers: { authorization: `Bearer ${secret('apiToken')}` },
  },
  erpNextApi: {
    data: {
      apiKey: secret('apiKey'),
      apiSecret: secret('apiSecret'),
      environment: 'selfHosted',
      domain: 'https://erp.example.com',
      allowUnauthorizedCerts: false,
    },
    headers: { authorization: `token ${secret('apiKey')}:${secret('apiSecret')}` },
  },
  googlePalmApi: {
    data: { host: 'https://generativelanguage.googleapis.com', apiKey: secret('apiKey') },
    query: { key: secret('apiKey') },
    absent: ['authorization'],
  },
  hubspotAppToken: {
    data: { appToken: secret('appToken') },
    headers: { authorization: `Bearer ${secret('appToken')}` },
  },
  lemlistApi: {
    data: { apiKey: secret('apiKey') },
    headers: { authorization: basic('', secret('apiKey')) },
  },
  mistralCloudApi: {
    data: { apiKey: secret('apiKey') },
    headers: { authorization: `Bearer ${secret('apiKey')}` },
  },
  notionApi: {
    data: { apiKey: secret('apiKey') },
    headers: { authorization: `Bearer ${secret('apiKey')}`, 'notion-version': '2022-02-22' },
  },
  openAiApi: {
    data: { apiKey: secret('apiKey'), organizationId: 'org-42', url: 'https://api.openai.com/v1' },
    headers: { authorization: `Bearer ${secret('apiKey')}`, 'openai-organization': 'org-42' },
  },
  qdrantApi: {
    data: { apiKey: secret('apiKey'), qdrantUrl: 'http://qdrant:6333' },
    headers: { 'api-key': secret('apiKey') },
    absent: ['authorization'],
  },
  serpApi: {
    data: { apiKey: secret('apiKey') },
    query: { api_key: secret('apiKey') },
  },
  slackApi: {
    data: { accessToken: secret('accessToken'), signatureSecret: secret('signatureSecret') },
    headers: { authorization: `Bearer ${secret('accessToken')}` },
  },
  supabaseApi: {
    data: { host: 'https://x.supabase.co', serviceRole: secret('serviceRole') },
    headers: { apikey: secret('serviceRole'), authorization: `Bearer ${secret('serviceRole')}` },
  },
  whatsAppApi: {
    data: { accessToken: secret('accessToken'), businessAccountId: '1234' },
    headers: { authorization: `Bearer ${secret('accessToken')}` },
  },
  wooCommerceApi: {
    data: { consumerKey: secret('consumerKey'), consumerSecret: secret('consumerSecret') },
    headers: { authorization: basic(secret('consumerKey'), secret('consumerSecret')) },
  },
  wordpressApi: {
    data: { username: 'editor', password: secret('password'), url: 'https://blog.example.com' },
    headers: { authorization: basic('editor', secret('password')) },
  },
};

function predefined(type: string, target: string, data: Record<string, unknown>, extra: NodeParameters = {}) {
  const parameters = {
    url: target,
    authentication: 'predefinedCredentialType',
    nodeCredentialType: type,
    ...extra,
  };
  const options: HarnessOptions = { credentials: { [type]: data } };
  return httpNodeRun(parameters, options).options;
}

/** Runs a request with a service credential and returns what the server received. */
async function sent(
  type: string,
  data: Record<string, unknown>,
  extra: NodeParameters = {},
): Promise<ReceivedRequest> {
  const { outputs } = await runNode(httpRequestNode, predefined(type, url('/api'), data, extra));
  expect(jsonOf(outputs[0])).toEqual([{ ok: true }]);
  const request = server.to('/api').at(-1);
  if (!request) throw new Error('the server received no request');
  return request;
}

/** Every secret field value of a case and the forms it travels in. */
function secretsOf(data: Record<string, unknown>): string[] {
  return Object.values(data)
    .filter((value): value is string => typeof value === 'string' && value.startsWith('SECRET-'))
    .flatMap((value) => [value, encodeURIComponent(value), Buffer.from(value).toString('base64')]);
}

describe('HTTP Request: predefined (service) credential types', () => {
  it('has a case for every service credential type', () => {
    expect(Object.keys(cases).sort()).toEqual([...serviceCredentialTypes].sort());
  });

  it.each(Object.entries(cases))('%s: sends exactly the credential’s headers and query', async (type, c) => {
    const request = await sent(type, c.data, {
      sendQuery: true,
      queryParameters: [{ name: 'page', value: '2' }],
    });
    for (const [name, value] of Object.entries(c.headers ?? {})) expect(request.headers[name]).toBe(value);
    expect(request.query).toEqual({ page: '2', ...c.query });
    for (const name of c.absent ?? []) expect(request.headers).not.toHaveProperty(name);
  });

  it.each(Object.entries(cases))('%s: keeps the secrets out of errors', async (type, c) => {
    const secrets = secretsOf(c.data);
    expect(secrets.length).toBeGreaterThan(0);
    // The server answers 401 with the headers and query it received; the error quotes that answer.
    const rejected = await runNodeExpectingError(httpRequestNode, predefined(type, url('/reject'), c.data));
    expect(rejected.code).toBe('NODE_HTTP_STATUS');
    expect(rejected.message).toContain('[redacted]');
    // A transport error names the URL, query credentials included.
    const unreachable = await runNodeExpectingError(
      httpRequestNode,
      predefined(type, 'http://127.0.0.1:9/x', c.data),
    );
    for (const error of [rejected, unreachable]) {
      const text = JSON.stringify(error);
      for (const value of secrets) expect(text).not.toContain(value);
    }
  });

  it('leaves out optional settings that are blank and sends a custom header when switched on', async () => {
    const plain = await sent('openAiApi', { apiKey: secret('apiKey'), organizationId: '' });
    expect(plain.headers).not.toHaveProperty('openai-organization');
    const custom = await sent('openAiApi', {
      apiKey: secret('apiKey'),
      header: true,
      headerName: 'X-Gateway-Key',
      headerValue: secret('headerValue'),
    });
    expect(custom.headers['x-gateway-key']).toBe(secret('headerValue'));
    const off = await sent('anthropicApi', {
      apiKey: secret('apiKey'),
      header: false,
      headerName: 'X-Gateway-Key',
      headerValue: 'v',
    });
    expect(off.headers).not.toHaveProperty('x-gateway-key');
    const open = await sent('qdrantApi', { apiKey: '', qdrantUrl: 'http://qdrant:6333' });
    expect(open.headers).not.toHaveProperty('api-key');
  });

  it('lets the node pin a default header and wins over the node’s own Authorization', async () => {
    const request = await sent(
      'notionApi',
      { apiKey: secret('apiKey') },
      {
        sendHeaders: true,
        headerParameters: [
          { name: 'Notion-Version', value: '2022-06-28' },
          { name: 'Authorization', value: 'Bearer from-the-node' },
        ],
      },
    );
    expect(request.headers['notion-version']).toBe('2022-06-28');
    expect(request.headers.authorization).toBe(`Bearer ${secret('apiKey')}`);
  });

  it('sends WooCommerce keys as query parameters instead of Basic auth when asked to', async () => {
    const request = await sent('wooCommerceApi', {
      consumerKey: secret('consumerKey'),
      consumerSecret: secret('consumerSecret'),
      includeCredentialsInQuery: true,
    });
    expect(request.query).toEqual({
      consumer_key: secret('consumerKey'),
      consumer_secret: secret('consumerSecret'),
    });
    expect(request.headers).not.toHaveProperty('authorization');
  });

  it('refuses a type it does not know and names a missing credential', async () => {
    const unknown = await runNodeExpectingError(
      httpRequestNode,
      predefined('zoomOAuth2Api', url('/api'), { clientId: 'x' }),
    );
    expect(unknown).toMatchObject({ code: 'NODE_HTTP_AUTH_UNSUPPORTED' });
    expect(unknown.message).toContain('predefined credential type "zoomOAuth2Api" is not supported');
    const missing = await runNodeExpectingError(httpRequestNode, {
      ...predefined('openAiApi', url('/api'), {}),
      credentials: {},
    });
    expect(missing.code).toBe('CREDENTIAL_MISSING');
  });
});
