import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEgressClient, createFileBlobStore } from '@klikkflow/core';
import type { BlobStore, CredentialResolver, EnginePorts } from '@klikkflow/engine';
import type { Item } from '@klikkflow/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestHttpServer } from '../../packages/nodes/test/http-test-server.js';
import { build, InstantClock, json, realEngine, sandbox, trigger } from './harness.js';

const CANARY = 'CANARY-e2e-7c1d0b9a';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await sandbox.dispose();
});

/** The real filesystem blob store, in a temporary folder; `data` reads a payload back by id. */
function fileBlobs(): BlobStore & { data: { get(id: string): Uint8Array | undefined } } {
  const root = mkdtempSync(join(tmpdir(), 'klikkflow-blobs-'));
  const store = createFileBlobStore({ root });
  return {
    ...store,
    data: {
      get: (id: string) => {
        const [executionId, key] = id.split('/');
        return executionId && key ? new Uint8Array(readFileSync(join(root, executionId, key))) : undefined;
      },
    },
  };
}

/** Credentials by id, as the resolver port hands them to the node. */
const credentialData: Record<string, Record<string, unknown>> = {
  basic: { user: 'ada', password: CANARY },
  header: { name: 'X-Api-Key', value: CANARY },
  query: { name: 'api_key', value: CANARY },
  bearer: { token: CANARY },
};
const credentials: CredentialResolver = {
  async resolve(_type, ref) {
    const data = ref.id === null ? undefined : credentialData[ref.id];
    if (!data) throw new Error(`no credential ${ref.id}`);
    return data;
  },
};

function engine(ports: Partial<EnginePorts> = {}) {
  const clock = new InstantClock();
  const blobs = fileBlobs();
  const run = realEngine({
    egress: createEgressClient({ allow: ['127.0.0.1'] }),
    credentials,
    blobs,
    clock,
    ...ports,
  });
  return { run, clock, blobs };
}

/** Runs Start → HTTP with the given parameters and node fields; returns the result and HTTP's output. */
async function runHttp(
  parameters: Record<string, unknown>,
  node: Record<string, unknown> = {},
  options: { ports?: Partial<EnginePorts>; items?: Item[] } = {},
) {
  const setup = engine(options.ports);
  const workflow = build(
    [trigger, { name: 'HTTP', type: 'core.httpRequest', parameters, ...node }],
    ['Start->HTTP'],
  );
  const result = await setup.run.run({ workflow, triggerItems: options.items ?? [{ json: { id: 'x1' } }] });
  return { ...setup, result, output: json(result.runData, 'HTTP') as Record<string, unknown>[] };
}

const url = (path: string) => `${server.base}${path}`;

describe('HTTP Request through the engine and the egress client', () => {
  it('GETs with query and headers from expressions', async () => {
    server.route('/search', (request) => ({
      body: { q: request.query.q, agent: request.headers['x-agent'] },
    }));
    const { output, result } = await runHttp({
      url: `=${url('/search')}`,
      sendQuery: true,
      queryParameters: { parameters: [{ name: 'q', value: '={{ $json.id }}' }] },
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'X-Agent', value: 'klikkflow' }] },
    });
    expect(result.status).toBe('success');
    expect(output).toEqual([{ q: 'x1', agent: 'klikkflow' }]);
  });

  it('POSTs JSON, form and multipart (a binary from the blob store)', async () => {
    server.route('/in', async (request) => {
      const type = request.headers['content-type'] ?? '';
      if (!type.startsWith('multipart/')) return { body: { type, text: request.text } };
      const form = await new Response(request.body, { headers: { 'content-type': type } }).formData();
      const file = form.get('upload') as File;
      return {
        body: { type: 'multipart', note: form.get('note'), file: file.name, content: await file.text() },
      };
    });
    const post = { method: 'POST', url: url('/in'), sendBody: true };
    const jsonRun = await runHttp({ ...post, bodyParameters: [{ name: 'id', value: '={{ $json.id }}' }] });
    expect(jsonRun.output).toEqual([{ type: 'application/json', text: '{"id":"x1"}' }]);
    const form = await runHttp({
      ...post,
      contentType: 'form-urlencoded',
      bodyParameters: [{ name: 'a', value: 'b c' }],
    });
    expect(form.output).toEqual([{ type: 'application/x-www-form-urlencoded', text: 'a=b+c' }]);

    const blobs = fileBlobs();
    const ref = await blobs.put(new TextEncoder().encode('file body'), {
      mimeType: 'text/csv',
      fileName: 'rows.csv',
      executionId: 'setup',
    });
    const multipart = await runHttp(
      {
        ...post,
        contentType: 'multipart-form-data',
        bodyParameters: {
          parameters: [
            { name: 'note', value: 'hi' },
            { name: 'upload', parameterType: 'formBinaryData', inputDataFieldName: 'file' },
          ],
        },
      },
      {},
      { ports: { blobs }, items: [{ json: {}, binary: { file: ref } }] },
    );
    expect(multipart.output).toEqual([
      { type: 'multipart', note: 'hi', file: 'rows.csv', content: 'file body' },
    ]);
  });

  it('authenticates with basic, header, query and bearer credentials without leaking them', async () => {
    const basic = `Basic ${Buffer.from(`ada:${CANARY}`).toString('base64')}`;
    // The server reports which credential arrived (not the secret itself), so outputs can be checked too.
    server.route('/private', (request) => ({
      body: {
        basic: request.headers.authorization === basic,
        header: request.headers['x-api-key'] === CANARY,
        query: request.query.api_key === CANARY,
        bearer: request.headers.authorization === `Bearer ${CANARY}`,
      },
    }));
    const cases: [string, string][] = [
      ['httpBasicAuth', 'basic'],
      ['httpHeaderAuth', 'header'],
      ['httpQueryAuth', 'query'],
      ['httpBearerAuth', 'bearer'],
    ];
    for (const [type, id] of cases) {
      const { result, output } = await runHttp(
        { url: url('/private'), authentication: 'genericCredentialType', genericAuthType: type },
        { credentials: { [type]: { id, name: id } } },
      );
      expect(result.status).toBe('success');
      expect(output).toEqual([{ basic: false, header: false, query: false, bearer: false, [id]: true }]);
      expect(JSON.stringify(result)).not.toContain(CANARY);
    }
  });

  it('keeps a query-auth secret out of the EGRESS_BLOCKED error when the target is not allowlisted', async () => {
    const { result } = await runHttp(
      { url: url('/private'), authentication: 'genericCredentialType', genericAuthType: 'httpQueryAuth' },
      { credentials: { httpQueryAuth: { id: 'query', name: 'q' } } },
      { ports: { egress: createEgressClient() } },
    );
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'EGRESS_BLOCKED', nodeName: 'HTTP' });
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('refuses 127.0.0.1 without an allowlist (SSRF guard)', async () => {
    const before = server.requests.length;
    const { result } = await runHttp(
      { url: url('/search') },
      {},
      { ports: { egress: createEgressClient() } },
    );
    expect(result.error).toMatchObject({ code: 'EGRESS_BLOCKED' });
    expect(server.requests.length).toBe(before);
  });

  it('gets an OAuth2 client-credentials token through the egress client and reuses it', async () => {
    let tokens = 0;
    server.route('/oauth/token', () => {
      tokens++;
      return { body: { access_token: `e2e-token-${tokens}`, expires_in: 3600 } };
    });
    server.route('/oauth/api', (request) => ({ body: { auth: request.headers.authorization } }));
    credentialData.oauth = {
      grantType: 'clientCredentials',
      accessTokenUrl: url('/oauth/token'),
      clientId: 'cid',
      clientSecret: CANARY,
      scope: '',
      authentication: 'body',
    };
    const { output, result } = await runHttp(
      { url: url('/oauth/api'), authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api' },
      { credentials: { oAuth2Api: { id: 'oauth', name: 'OAuth' } } },
      { items: [{ json: {} }, { json: {} }] },
    );
    expect(result.status).toBe('success');
    expect(output).toEqual([{ auth: 'Bearer e2e-token-1' }, { auth: 'Bearer e2e-token-1' }]);
    expect(tokens).toBe(1);
    expect(JSON.stringify(result.runData)).not.toContain(CANARY);
  });
});

describe('HTTP Request responses, retries and idempotency through the engine', () => {
  it('outputs the full response, a file in the blob store, and error answers with neverError', async () => {
    server.route('/doc', () => ({ headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7' }));
    server.route('/gone', () => ({ status: 410, body: { reason: 'gone' } }));
    const full = await runHttp({
      url: url('/search?q=z'),
      options: { response: { response: { fullResponse: true } } },
    });
    expect(full.output[0]).toMatchObject({
      statusCode: 200,
      body: { q: 'z' },
      headers: { 'content-type': 'application/json' },
    });

    const file = await runHttp({ url: url('/doc') });
    const ref = file.result.runData.HTTP?.[0]?.outputs?.[0]?.[0]?.binary?.data;
    expect(ref).toMatchObject({ mimeType: 'application/pdf', fileName: 'doc' });
    expect(new TextDecoder().decode(file.blobs.data.get(ref?.id ?? ''))).toBe('%PDF-1.7');

    const failed = await runHttp({ url: url('/gone') });
    expect(failed.result.error).toMatchObject({
      code: 'NODE_HTTP_STATUS',
      intent: 'user',
      details: { status: 410 },
    });
    const never = await runHttp({
      url: url('/gone'),
      options: { response: { response: { neverError: true } } },
    });
    expect(never.output).toEqual([{ reason: 'gone' }]);
  });

  it('retries a 429 after its Retry-After on the engine clock', async () => {
    server.route('/busy', (_request, count) =>
      count === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { body: { n: count } },
    );
    const { output, clock } = await runHttp({ url: url('/busy') });
    expect(output).toEqual([{ n: 2 }]);
    expect(clock.sleeps).toContain(1000);
  });

  it('sends the same Idempotency-Key when the engine retries the node', async () => {
    server.route('/charge', (_request, count) =>
      count === 1 ? { status: 500, body: 'boom' } : { body: { ok: true } },
    );
    const { result } = await runHttp(
      { method: 'POST', url: url('/charge'), options: { sendIdempotencyKey: true, retryOnRateLimit: false } },
      { retry: { maxTries: 2, waitMs: 0 } },
    );
    expect(result.status).toBe('success');
    const keys = server.to('/charge').map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(`${result.executionId}:HTTP:0:0`);
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('HTTP Request pagination with $response and $pageCount', () => {
  it('follows a next URL from the response until the complete expression holds', async () => {
    server.route('/feed', (request) => {
      const page = Number(request.query.page ?? 1);
      return { body: { page, next: page < 3 ? `/feed?page=${page + 1}` : null } };
    });
    const { output, result } = await runHttp({
      url: url('/feed'),
      options: {
        pagination: {
          pagination: {
            paginationMode: 'responseContainsNextURL',
            nextURL: '={{ $response.body.next }}',
            paginationCompleteWhen: 'other',
            completeExpression: '={{ !$response.body.next }}',
          },
        },
      },
    });
    expect(result.status).toBe('success');
    expect(output.map((page) => page.page)).toEqual([1, 2, 3]);
  });

  it('updates a query parameter per page until the response is empty, within maxRequests', async () => {
    server.route('/rows', (request) => {
      const page = Number(request.query.page);
      return { body: page <= 3 ? [{ row: page * 10 }, { row: page * 10 + 1 }] : [] };
    });
    const pagination = (extra: Record<string, unknown>) => ({
      url: url('/rows'),
      sendQuery: true,
      queryParameters: [{ name: 'page', value: '1' }],
      options: {
        pagination: {
          pagination: {
            paginationMode: 'updateAParameterInEachRequest',
            parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
            paginationCompleteWhen: 'responseIsEmpty',
            ...extra,
          },
        },
      },
    });
    const all = await runHttp(pagination({}));
    expect(all.output.map((row) => row.row)).toEqual([10, 11, 20, 21, 30, 31]);
    expect(server.to('/rows').map((request) => request.query.page)).toEqual(['1', '2', '3', '4']);
    const capped = await runHttp(pagination({ maxRequests: 2, requestInterval: 50 }));
    expect(capped.output.map((row) => row.row)).toEqual([10, 11, 20, 21]);
    expect(capped.clock.sleeps).toContain(50);
  });

  it('stops on a complete status code and sets a header from $response', async () => {
    server.route('/cursor', (request) => {
      const cursor = request.headers['x-cursor'] ?? 'c0';
      if (cursor === 'c2') return { status: 404, body: { error: 'end' } };
      return { headers: { 'x-next': `c${Number(cursor.slice(1)) + 1}` }, body: { cursor } };
    });
    const { output, result } = await runHttp({
      url: url('/cursor'),
      options: {
        pagination: {
          pagination: {
            paginationMode: 'updateAParameterInEachRequest',
            parameters: [{ type: 'headers', name: 'X-Cursor', value: "={{ $response.headers['x-next'] }}" }],
            paginationCompleteWhen: 'receiveSpecificStatusCodes',
            statusCodesWhenComplete: '404',
          },
        },
      },
    });
    expect(result.status).toBe('success');
    expect(output).toEqual([{ cursor: 'c0' }, { cursor: 'c1' }]);
  });
});
