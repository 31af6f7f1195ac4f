import { httpRequestNode } from '@klikkflow/nodes';
import { jsonOf, runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HarnessOptions,
  httpNodeRun,
  type ReceivedRequest,
  startTestServer,
  type TestHttpServer,
} from '../../../nodes/test/http-test-server.js';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { registry } from '../../test/run-imported.js';
import { PLACEHOLDER_TYPE } from '../import-node.js';
import { importN8nWorkflow } from '../import-workflow.js';
import { httpRequestExport, httpRequestMappings } from './http-request.mapping.js';
import { nativePredefinedTypes } from './http-request-auth.js';
import { UNLIMITED_PAGES } from './http-request-v4.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
  server.route('/echo', (request) => ({ body: describeRequest(request) }));
});
afterAll(() => server.close());

const url = (path: string) => `${server.base}${path}`;

/** What the server saw, as the /echo route answers it. */
function describeRequest(request: ReceivedRequest) {
  return {
    method: request.method,
    query: request.query,
    url: request.url,
    contentType: request.headers['content-type'],
    authorization: request.headers.authorization,
    custom: request.headers['x-custom'],
    text: request.text,
  };
}

const map = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(httpRequestMappings, 'n8n-nodes-base.httpRequest', version, parameters);

/** Maps n8n parameters and runs the native node against the test server. */
async function runMapped(version: number, parameters: Record<string, unknown>, options: HarnessOptions = {}) {
  const { parameters: native, warnings } = map(version, parameters);
  const { blobs, options: runOptions } = httpNodeRun(native, options);
  const result = await runNode(httpRequestNode, runOptions);
  return { ...result, native, warnings, blobs, json: jsonOf(result.outputs[0]) };
}

const unsupported = (reason: string) => new UnsupportedVariantError(reason);

describe('HTTP Request v1 and v2 (requestMethod, …Ui lists, JSON parameters)', () => {
  it('v1: POSTs a JSON body given as JSON text with a header credential', async () => {
    const { json, native } = await runMapped(
      1,
      {
        url: url('/echo'),
        options: {},
        requestMethod: 'POST',
        authentication: 'headerAuth',
        jsonParameters: true,
        bodyParametersJson: '{\n "prompt": "Generate a tweet",\n "temperature": 0.7,\n "max_tokens": 64\n}',
      },
      { credentials: { httpHeaderAuth: { name: 'Authorization', value: 'Bearer k1' } } },
    );
    expect(json).toEqual([
      expect.objectContaining({
        method: 'POST',
        contentType: 'application/json',
        authorization: 'Bearer k1',
        text: '{"prompt":"Generate a tweet","temperature":0.7,"max_tokens":64}',
      }),
    ]);
    // n8n v1 waits up to an hour and never retries by itself.
    expect(native.options).toMatchObject({ timeout: 3_600_000, retryOnRateLimit: false });
  });

  it('v1: GETs by default with query and header lists and reads the answer as text into the data field', async () => {
    server.route('/text', (request) => ({
      headers: { 'content-type': 'text/plain' },
      body: `q=${request.query.q} h=${request.headers['x-custom']}`,
    }));
    const { json } = await runMapped(1, {
      url: url('/text'),
      options: {},
      responseFormat: 'string',
      queryParametersUi: { parameter: [{ name: 'q', value: 'vegan' }] },
      headerParametersUi: { parameter: [{ name: 'X-Custom', value: 'yes' }] },
    });
    expect(json).toEqual([{ data: 'q=vegan h=yes' }]);
    expect(server.to('/text').at(-1)?.method).toBe('GET');
  });

  it('v1: sends form fields urlencoded and fails a 500 without retrying, as n8n does', async () => {
    const form = await runMapped(1, {
      url: url('/echo'),
      requestMethod: 'PUT',
      options: { bodyContentType: 'form-urlencoded' },
      bodyParametersUi: {
        parameter: [
          { name: 'a', value: '1' },
          { name: 'b', value: 'x y' },
        ],
      },
    });
    expect(form.json[0]).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      text: 'a=1&b=x+y',
    });
    server.route('/fail', () => ({ status: 500, body: { error: 'down' } }));
    const { parameters } = map(1, { url: url('/fail'), options: {} });
    const error = await runNodeExpectingError(httpRequestNode, httpNodeRun(parameters).options);
    expect(error.code).toBe('NODE_HTTP_STATUS');
    expect(server.to('/fail')).toHaveLength(1);
  });

  it('v1: uploads binary properties as multipart fields named "key:property"', async () => {
    const { parameters } = map(1, {
      url: url('/echo'),
      options: { bodyContentType: 'multipart-form-data' },
      requestMethod: 'POST',
      jsonParameters: true,
      sendBinaryData: true,
      binaryPropertyName: 'banner:bg',
    });
    const { blobs, options } = httpNodeRun(parameters, {
      items: [{}],
      inputs: [[{ json: {}, binary: { bg: { id: 'in-1', mimeType: 'image/png', fileName: 'bg.png' } } }]],
    });
    blobs.set('in-1', new TextEncoder().encode('PNGDATA'));
    const { outputs } = await runNode(httpRequestNode, options);
    const text = String(jsonOf(outputs[0])[0]?.text);
    expect(text).toContain('name="banner"; filename="bg.png"');
    expect(text).toContain('PNGDATA');
  });

  it('v1: refuses OAuth1 and digest auth and binary raw bodies', () => {
    expect(() => map(1, { url: 'https://x', authentication: 'oAuth1' })).toThrow(
      unsupported(
        'it authenticates with a "oAuth1Api" credential; KlikkFlow\'s HTTP Request supports basic, header, query, bearer and OAuth2 credentials',
      ),
    );
    expect(() => map(1, { url: 'https://x', authentication: 'digestAuth' })).toThrow(UnsupportedVariantError);
    expect(() =>
      map(1, {
        url: 'https://x',
        requestMethod: 'POST',
        jsonParameters: true,
        sendBinaryData: true,
        options: { bodyContentType: 'raw' },
      }),
    ).toThrow(unsupported('it sends binary data as the whole request body'));
  });

  it('v1: keeps a file response under the data property name and warns what differs from n8n', async () => {
    server.route('/file', () => ({ headers: { 'content-type': 'image/png' }, body: 'IMG' }));
    const { outputs, warnings, blobs } = await runMapped(1, {
      url: url('/file'),
      options: {},
      responseFormat: 'file',
      dataPropertyName: 'avatar',
    });
    const ref = outputs[0]?.[0]?.binary?.avatar;
    expect(new TextDecoder().decode(blobs.get(String(ref?.id)))).toBe('IMG');
    expect(warnings).toEqual([
      "a file response item has empty JSON and only the new file (n8n keeps the input item's JSON and other binary data)",
    ]);
  });

  it('v2: generic credential types authenticate; predefined ones KlikkFlow lacks are refused by name', async () => {
    const { json } = await runMapped(
      2,
      {
        url: url('/echo'),
        options: {},
        requestMethod: 'DELETE',
        authentication: 'genericCredentialType',
        genericAuthType: 'httpBasicAuth',
      },
      { credentials: { httpBasicAuth: { user: 'u', password: 'p' } } },
    );
    expect(json[0]).toMatchObject({ method: 'DELETE', authorization: `Basic ${btoa('u:p')}` });
    expect(() =>
      map(2, {
        url: 'https://api.pipedrive.com/v1/deals',
        requestMethod: 'POST',
        authentication: 'predefinedCredentialType',
        nodeCredentialType: 'pipedriveApi',
      }),
    ).toThrow(
      unsupported(
        'it authenticates with n8n\'s predefined "pipedriveApi" credential type, which KlikkFlow does not have',
      ),
    );
  });
});

describe('HTTP Request v3 to 4.x', () => {
  it('v3: sends JSON body fields under their plain names and warns that redirects are followed', async () => {
    const { json, warnings } = await runMapped(3, {
      url: url('/echo'),
      method: 'POST',
      options: {},
      sendBody: true,
      bodyParameters: { parameters: [{ name: 'query', value: '{ teams { nodes { id } } }' }] },
    });
    expect(json[0]).toMatchObject({ text: '{"query":"{ teams { nodes { id } } }"}' });
    expect(warnings).toEqual(['KlikkFlow follows redirects; n8n did not follow them for this node']);
  });

  it('v4: sends a JSON body and headers and parses the JSON answer', async () => {
    const { json, warnings } = await runMapped(4, {
      method: 'POST',
      url: url('/echo'),
      sendHeaders: true,
      headerParameters: {
        parameters: [
          { name: 'X-Custom', value: '2023-06-01' },
          { name: 'content-type', value: 'application/json' },
        ],
      },
      sendBody: true,
      specifyBody: 'json',
      jsonBody: '{\n  "model": "claude-haiku-4-5",\n  "max_tokens": 100\n}',
      options: {},
    });
    expect(json).toEqual([
      expect.objectContaining({
        custom: '2023-06-01',
        contentType: 'application/json',
        text: '{"model":"claude-haiku-4-5","max_tokens":100}',
      }),
    ]);
    expect(warnings).toEqual([]);
  });

  it('v4.1: authenticates with a query credential', async () => {
    const { json } = await runMapped(
      4.1,
      {
        url: url('/echo'),
        authentication: 'genericCredentialType',
        genericAuthType: 'httpQueryAuth',
        options: {},
      },
      { credentials: { httpQueryAuth: { name: 'api_key', value: 's3cret' } } },
    );
    expect(json[0]).toMatchObject({ method: 'GET', query: { api_key: 's3cret' } });
  });

  it('v4.2: full response and never error, JSON headers and query, a repeated name keeping its last value', async () => {
    server.route('/missing', () => ({ status: 404, body: { error: 'not here' } }));
    const { json } = await runMapped(4.2, {
      url: url('/missing'),
      sendQuery: true,
      queryParameters: {
        parameters: [
          { name: 'page', value: '1' },
          { name: 'size', value: '5' },
          { name: 'page', value: '2' },
        ],
      },
      sendHeaders: true,
      specifyHeaders: 'json',
      jsonHeaders: '{"X-Custom": "from-json"}',
      options: { response: { response: { fullResponse: true, neverError: true } } },
    });
    expect(json[0]).toMatchObject({ statusCode: 404, body: { error: 'not here' } });
    const sent = server.to('/missing').at(-1);
    expect(sent?.url).toBe('/missing?page=2&size=5');
    expect(sent?.headers['x-custom']).toBe('from-json');
  });

  it('v4.3: keeps every value of a repeated query name', async () => {
    await runMapped(4.3, {
      url: url('/echo'),
      sendQuery: true,
      queryParameters: {
        parameters: [
          { name: 'tag', value: 'a' },
          { name: 'tag', value: 'b' },
        ],
      },
      options: {},
    });
    expect(server.to('/echo').at(-1)?.url).toBe('/echo?tag=a&tag=b');
  });

  it('v4.4: sends raw bodies and a form given as one string', async () => {
    const raw = await runMapped(4.4, {
      method: 'POST',
      url: url('/echo'),
      sendBody: true,
      contentType: 'raw',
      rawContentType: 'text/plain; charset=utf-8',
      body: 'hello',
      options: { timeout: 10000 },
    });
    expect(raw.json[0]).toMatchObject({ contentType: 'text/plain; charset=utf-8', text: 'hello' });
    expect(raw.native.options).toMatchObject({ timeout: 10000 });
    const form = await runMapped(4.4, {
      method: 'POST',
      url: url('/echo'),
      sendBody: true,
      contentType: 'form-urlencoded',
      specifyBody: 'string',
      body: 'a=1&b=2',
      options: {},
    });
    expect(form.json[0]).toMatchObject({ contentType: 'application/x-www-form-urlencoded', text: 'a=1&b=2' });
  });

  it('v4.2: paginates by updating a parameter, without a page limit unless one is set', async () => {
    server.route('/pages', (_request, count) =>
      count <= 2 ? { body: [{ page: count }] } : { status: 404, body: { done: true } },
    );
    const { json, native } = await runMapped(4.2, {
      url: url('/pages'),
      options: {
        pagination: {
          pagination: {
            parameters: { parameters: [{ name: 'next', value: 'yes' }] },
            paginationCompleteWhen: 'receiveSpecificStatusCodes',
            statusCodesWhenComplete: '404',
          },
        },
      },
    });
    expect(json).toEqual([{ page: 1 }, { page: 2 }]);
    expect(server.to('/pages').map((request) => request.query)).toEqual([
      {},
      { next: 'yes' },
      { next: 'yes' },
    ]);
    expect(native.options).toMatchObject({
      pagination: {
        pagination: { paginationMode: 'updateAParameterInEachRequest', maxRequests: UNLIMITED_PAGES },
      },
    });
    const limited = map(4.2, {
      url: url('/pages'),
      options: { pagination: { pagination: { limitPagesFetched: true, maxRequests: 3 } } },
    });
    expect(limited.parameters.options).toMatchObject({ pagination: { pagination: { maxRequests: 3 } } });
  });

  it('refuses what the native node cannot send, and warns about what it changes', () => {
    expect(() =>
      map(4.2, { url: 'https://x', sendBody: true, contentType: 'binaryData', inputDataFieldName: 'data' }),
    ).toThrow(unsupported('it sends a binary file as the whole request body'));
    expect(() =>
      map(4.2, { url: 'https://x', sendQuery: true, specifyQuery: 'json', jsonQuery: '={{ $json.query }}' }),
    ).toThrow(
      unsupported('its query parameters are one JSON expression, which KlikkFlow cannot split into fields'),
    );
    const { warnings } = map(4.2, {
      url: 'https://x',
      method: 'POST',
      sendBody: true,
      bodyParameters: { parameters: [{ name: 'user.name', value: 'a' }] },
      options: { proxy: 'http://proxy:3128', redirect: { redirect: { followRedirects: false } } },
    });
    expect(warnings).toEqual([
      'body field names with "." or "[" build nested objects in n8n; KlikkFlow sends them as plain names',
      'KlikkFlow follows redirects; n8n did not follow them for this node',
      'option "proxy" ("http://proxy:3128") has no KlikkFlow equivalent and is ignored',
    ]);
  });
});

describe('HTTP Request: predefined (service) credential types', () => {
  const apiKey = 'sk-CANARY-4b1d9e7f';
  const openAiUrl = 'https://api.openai.com/v1/threads/t1/messages';
  /** A corpus-shaped 4.2 node calling OpenAI (here: `target`) with n8n's predefined `openAiApi` credential. */
  const openAiNode = (target: string) => ({
    id: '16429226-e850-4698-b419-fd9805a03fb7',
    name: 'Get ALL Thread Content',
    type: 'n8n-nodes-base.httpRequest',
    position: [1260, -520],
    parameters: {
      url: target,
      options: {},
      sendHeaders: true,
      authentication: 'predefinedCredentialType',
      headerParameters: { parameters: [{ name: 'OpenAI-Beta', value: 'assistants=v2' }] },
      nodeCredentialType: 'openAiApi',
    },
    credentials: { openAiApi: { id: 'UfNrqPCRlD8FD9mk', name: 'OpenAi Lourival' } },
    typeVersion: 4.2,
  });
  const zoomNode = {
    id: '3c0a57e2-8f41-4d7b-9a1e-5b2f6c9d0e11',
    name: 'Create Meeting',
    type: 'n8n-nodes-base.httpRequest',
    position: [1460, -520],
    parameters: {
      method: 'POST',
      url: 'https://api.zoom.us/v2/users/me/meetings',
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'zoomOAuth2Api',
      options: {},
    },
    credentials: { zoomOAuth2Api: { id: 'zx1', name: 'Zoom account' } },
    typeVersion: 4.2,
  };
  const workflow = (target: string) => ({
    name: 'OpenAI thread and Zoom',
    nodes: [openAiNode(target), zoomNode],
    connections: {
      'Get ALL Thread Content': { main: [[{ node: 'Create Meeting', type: 'main', index: 0 }]] },
    },
  });

  it('imports a 4.2 node with the openAiApi credential as the native node, bound to the stored credential, and runs it', async () => {
    const { workflow: imported, report } = importN8nWorkflow(workflow(url('/echo')), {
      registry,
      credentials: [{ id: 'cred-7', name: 'OpenAi Lourival', type: 'openAiApi' }],
    });
    const node = imported.nodes.find((candidate) => candidate.name === 'Get ALL Thread Content');
    expect(node).toMatchObject({
      type: 'core.httpRequest',
      parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: 'openAiApi' },
      credentials: { openAiApi: { id: 'cred-7', name: 'OpenAi Lourival' } },
    });
    // Only the Zoom node's credential stays unbound: KlikkFlow has no such type to store it as.
    expect(report.unmatchedCredentials).toEqual([
      { node: 'Create Meeting', type: 'zoomOAuth2Api', name: 'Zoom account' },
    ]);

    const credentials = { openAiApi: { apiKey, organizationId: 'org-7', url: 'https://api.openai.com/v1' } };
    const { options } = httpNodeRun(node?.parameters ?? {}, { credentials });
    const { outputs } = await runNode(httpRequestNode, options);
    expect(jsonOf(outputs[0])).toEqual([
      expect.objectContaining({ method: 'GET', authorization: `Bearer ${apiKey}` }),
    ]);
    const seen = server.to('/echo').at(-1);
    expect(seen?.headers['openai-organization']).toBe('org-7');
    expect(seen?.headers['openai-beta']).toBe('assistants=v2');
  });

  it('keeps an OAuth2 sign-in credential type a placeholder that says why', () => {
    const { workflow: imported, report } = importN8nWorkflow(workflow(openAiUrl), { registry });
    expect(imported.nodes.find((node) => node.name === 'Create Meeting')?.type).toBe(PLACEHOLDER_TYPE);
    expect(report.unsupportedNodes).toEqual([
      {
        name: 'Create Meeting',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        reason:
          'it authenticates with n8n\'s predefined "zoomOAuth2Api" credential type, an OAuth2 sign-in (authorization code) type KlikkFlow does not support',
      },
    ]);
  });

  it('maps every type the native node offers, from v2 and v3 nodes too', () => {
    const offered = httpRequestNode.properties
      .find((property) => property.name === 'nodeCredentialType')
      ?.options?.map((option) => String(option.value));
    expect([...nativePredefinedTypes].sort()).toEqual(offered?.sort());
    for (const type of nativePredefinedTypes) {
      expect(
        map(4.1, { url: 'https://x', authentication: 'predefinedCredentialType', nodeCredentialType: type })
          .parameters,
      ).toMatchObject({
        authentication: 'predefinedCredentialType',
        nodeCredentialType: type,
      });
    }
    const legacy = map(2, {
      url: 'https://x',
      requestMethod: 'POST',
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'wordpressApi',
    });
    expect(legacy.parameters).toMatchObject({
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'wordpressApi',
    });
    const v3 = map(3, {
      url: 'https://x',
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'qdrantApi',
    });
    expect(v3.parameters).toMatchObject({
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'qdrantApi',
    });
  });

  it('exports the credential type back as n8n wrote it', () => {
    const native = map(
      4.2,
      openAiNode('https://api.openai.com/v1/threads/t1/messages').parameters,
    ).parameters;
    const exported = exportNativeNode([httpRequestExport], 'core.httpRequest', native);
    expect(exported.parameters).toMatchObject({
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'openAiApi',
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'OpenAI-Beta', value: 'assistants=v2' }] },
    });
  });
});

describe('export', () => {
  it('writes a 4.x node back with the same parameters', () => {
    const n8n = {
      method: 'POST',
      url: 'https://api.example.com/send',
      authentication: 'genericCredentialType',
      genericAuthType: 'httpHeaderAuth',
      sendQuery: true,
      queryParameters: { parameters: [{ name: 'maxItems', value: '1' }] },
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'X-Custom', value: 'a' }] },
      sendBody: true,
      contentType: 'json',
      specifyBody: 'keypair',
      bodyParameters: { parameters: [{ name: 'session', value: 'default' }] },
      options: {
        batching: { batch: { batchSize: 1, batchInterval: 3000 } },
        response: { response: { fullResponse: true, neverError: true } },
        pagination: {
          pagination: { paginationMode: 'responseContainsNextURL', nextURL: '={{ $response.body.next }}' },
        },
      },
    };
    const native = map(4.2, n8n).parameters;
    const exported = exportNativeNode([httpRequestExport], 'core.httpRequest', native);
    expect(exported).toEqual({ n8nType: 'n8n-nodes-base.httpRequest', typeVersion: 4.5, parameters: n8n });
    // A form sent as one string survives the trip through a raw native body.
    const form = {
      method: 'POST',
      url: 'https://x',
      sendBody: true,
      contentType: 'form-urlencoded',
      specifyBody: 'string',
      body: 'a=1',
      options: {},
    };
    expect(
      exportNativeNode([httpRequestExport], 'core.httpRequest', map(4.2, form).parameters).parameters,
    ).toEqual({
      ...form,
      sendQuery: false,
      sendHeaders: false,
      authentication: 'none',
    });
  });

  it('wraps native lists the way n8n stores them', () => {
    const exported = exportNativeNode([httpRequestExport], 'core.httpRequest', {
      url: 'https://x',
      sendHeaders: true,
      headerParameters: [{ name: 'a', value: 'b' }],
      options: { retryOnRateLimit: true, sendIdempotencyKey: true, timeout: 5000 },
    });
    expect(exported.parameters).toEqual({
      url: 'https://x',
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'a', value: 'b' }] },
      options: { timeout: 5000 },
    });
  });
});
