import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ENCRYPTION_KEY_FILE } from '@klikkflow/security';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer as startRemote,
  type TestHttpServer,
} from '../../../packages/nodes/test/http-test-server.js';
import { type Canary, createCanary, dataDirFiles, dumpTables, findLeaks } from './secret-scan.js';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { link, node, workflow } from './workflow-fixtures.js';

const USER = 'kf-basic-user';
const basic = (password: string) => `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;

/** The generic HTTP credential types: their data around a canary, and the header a server gets. */
const httpCredentials = [
  {
    type: 'httpBasicAuth',
    data: (v: string) => ({ user: USER, password: v }),
    header: 'authorization',
    sent: basic,
  },
  {
    type: 'httpHeaderAuth',
    data: (v: string) => ({ name: 'X-Api-Key', value: v }),
    header: 'x-api-key',
    sent: (v: string) => v,
  },
  {
    type: 'httpBearerAuth',
    data: (v: string) => ({ token: v }),
    header: 'authorization',
    sent: (v: string) => `Bearer ${v}`,
  },
] as const;
const BEARER = httpCredentials[2];

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`credential secrets never leak (G10) [${dialect}]`, () => {
    let t: TestServer & { schema?: string };
    let remote: TestHttpServer;
    const canaries = new Map<string, Canary>();
    const refs = new Map<string, { id: string; name: string }>();
    /** Every API and webhook answer body this test received. */
    const answers: string[] = [];
    const executionIds: string[] = [];
    const workflowIds: string[] = [];
    const canary = (label: string) => canaries.get(label) as Canary;

    async function api(method: string, path: string, body?: unknown) {
      const response = await t.api(method, path, body);
      answers.push(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
      return response;
    }

    async function webhook(path: string, headers: Record<string, string>) {
      const response = await fetch(`${t.url}/webhook/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"order":1}',
      });
      const text = await response.text();
      answers.push(text);
      const executionId = response.headers.get('x-klikkflow-execution-id');
      if (executionId) executionIds.push(executionId);
      return { status: response.status, text };
    }

    async function store(definition: Record<string, unknown>, activate: boolean) {
      expect((await api('POST', '/api/v1/workflows', definition)).status).toBe(201);
      if (activate)
        expect((await api('POST', `/api/v1/workflows/${definition.id}/activate`)).status).toBe(200);
      workflowIds.push(String(definition.id));
    }

    async function runWorkflow(definition: Record<string, unknown>) {
      await store(definition, false);
      const run = await api('POST', `/api/v1/workflows/${definition.id}/run`, { wait: true });
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      executionIds.push(run.body.executionId);
      return run.body as { status: string; error?: { code: string; message: string } };
    }

    /** An HTTP Request node named `call` that authenticates with the canary credential of `type`. */
    function httpNode(type: string, path: string) {
      const parameters = {
        method: 'GET',
        url: `${remote.base}${path}`,
        authentication: 'genericCredentialType',
      };
      return node(
        'call',
        'core.httpRequest',
        { ...parameters, genericAuthType: type },
        { credentials: { [type]: refs.get(type) } },
      );
    }

    async function createCredential(label: string, type: string, data: Record<string, string>) {
      const created = await api('POST', '/api/v1/credentials', { name: `${label} canary`, type, data });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      refs.set(label, { id: created.body.id, name: created.body.name });
    }

    beforeAll(async () => {
      remote = await startRemote();
      remote.route('/ok', () => ({ body: { ok: true } }));
      // Like httpbin's /headers: the answer (run data) carries the credential unless it is redacted.
      remote.route('/echo', (request) => ({ body: { headers: request.headers } }));
      // A realistic refusal that quotes the credential it got, so the node's error carries it.
      remote.route('/denied', (request) => ({
        status: 401,
        body: {
          error: 'invalid credentials',
          got: request.headers.authorization ?? request.headers['x-api-key'],
        },
      }));
      t = await startTestServer({
        dialect,
        env: { KLIKKFLOW_EGRESS_ALLOW: '127.0.0.1', KLIKKFLOW_LOG_LEVEL: 'debug' },
      });
      for (const { type, data } of httpCredentials) {
        // Basic auth travels as base64 of `user:password`: that form is searched too.
        canaries.set(
          type,
          createCanary(type, (v) => (type === 'httpBasicAuth' ? [`${USER}:${v}`] : [])),
        );
        await createCredential(type, type, data(canary(type).value));
      }
      canaries.set('webhookHeader', createCanary('webhookHeader'));
      await createCredential('webhookHeader', 'httpHeaderAuth', {
        name: 'X-Hook-Token',
        value: canary('webhookHeader').value,
      });
    }, 30_000);

    afterAll(async () => {
      await t?.close();
      if (t) await removeTestServerData(t);
      await remote?.close();
    });

    it('stores credentials only as kf1 envelopes', async () => {
      for (const ref of refs.values()) {
        expect((await t.server.context.repos.credentials.get(ref.id))?.data.startsWith('kf1:')).toBe(true);
      }
    });

    it('sends each credential on successful HTTP Requests (the canary really is used)', async () => {
      for (const credential of httpCredentials) {
        for (const path of ['/ok', '/echo']) {
          const id = `${path.slice(1)}-${credential.type}`;
          const result = await runWorkflow(
            workflow(
              id,
              [node('start', 'core.manualTrigger'), httpNode(credential.type, path)],
              [link('start', 'call')],
            ),
          );
          expect(result.status).toBe('success');
          expect(remote.to(path).at(-1)?.headers[credential.header]).toBe(
            credential.sent(canary(credential.type).value),
          );
        }
      }
    });

    it('fails against a 401 that quotes the credential, with no secret in the error', async () => {
      for (const { type } of httpCredentials) {
        const id = `denied-${type}`;
        const result = await runWorkflow(
          workflow(
            id,
            [node('start', 'core.manualTrigger'), httpNode(type, '/denied')],
            [link('start', 'call')],
          ),
        );
        expect(result.status).toBe('error');
        expect(result.error?.message).toContain('HTTP 401');
        expect(findLeaks([canary(type)], { error: JSON.stringify(result.error) })).toEqual([]);
      }
      // Each refusal quoted the secret it got, so the redaction had something to do.
      const quoted = remote
        .to('/denied')
        .map((request) => request.headers.authorization ?? request.headers['x-api-key']);
      expect(quoted).toEqual(
        httpCredentials.map((credential) => credential.sent(canary(credential.type).value)),
      );
    });

    it('authenticates webhooks with a stored credential; the workflow sees no secret in the request headers', async () => {
      const hooks = [
        {
          id: 'hook-header',
          mode: 'headerAuth',
          type: 'httpHeaderAuth',
          ref: 'webhookHeader',
          header: 'x-hook-token',
          value: canary('webhookHeader').value,
        },
        {
          id: 'hook-basic',
          mode: 'basicAuth',
          type: 'httpBasicAuth',
          ref: 'httpBasicAuth',
          header: 'authorization',
          value: basic(canary('httpBasicAuth').value),
        },
      ];
      for (const hook of hooks) {
        const parameters = {
          httpMethod: 'POST',
          path: hook.id,
          authentication: hook.mode,
          responseMode: 'lastNode',
          responseData: 'allEntries',
        };
        const nodes = [
          node('hook', 'core.webhook', parameters, { credentials: { [hook.type]: refs.get(hook.ref) } }),
          // A Code node that logs and returns the request headers it was given.
          node('peek', 'core.code', {
            jsCode: 'console.log(JSON.stringify($input.first().json.headers));\nreturn $input.all();',
          }),
        ];
        await store(workflow(hook.id, nodes, [link('hook', 'peek')]), true);
        expect((await webhook(hook.id, {})).status).toBe(401);
        expect((await webhook(hook.id, { [hook.header]: 'wrong-value' })).status).toBe(403);
        const accepted = await webhook(hook.id, { [hook.header]: hook.value });
        expect(accepted.status, accepted.text).toBe(200);
        expect(accepted.text.includes(`"${hook.header}":"`), accepted.text).toBe(true);
        expect(accepted.text.includes('[REDACTED]'), accepted.text).toBe(true);
      }
    });

    it('answers webhook callers without the secrets a remote echoed (Respond to Webhook, last node)', async () => {
      for (const mode of ['responseNode', 'lastNode']) {
        const id = `echo-${mode}`;
        const respond = node('respond', 'core.respondToWebhook', { respondWith: 'firstIncomingItem' });
        const nodes = [
          node('hook', 'core.webhook', { httpMethod: 'POST', path: id, responseMode: mode }),
          httpNode(BEARER.type, '/echo'),
        ];
        const links = [link('hook', 'call')];
        if (mode === 'responseNode') {
          nodes.push(respond);
          links.push(link('call', 'respond'));
        }
        await store(workflow(id, nodes, links), true);
        const answer = await webhook(id, {});
        expect(answer.status, answer.text).toBe(200);
        expect(answer.text.includes('"authorization":"Bearer [REDACTED]"'), answer.text).toBe(true);
      }
    });

    it('leaves no canary in storage, logs or API answers', async () => {
      const all = [...canaries.values()];
      // Positive control: the scanner finds every HTTP canary where it must be (what the remote received).
      const received = remote.requests.map((request) => JSON.stringify(request.headers)).join('\n');
      for (const { type } of httpCredentials)
        expect(findLeaks([canary(type)], { received }).length).toBeGreaterThan(0);

      for (const id of executionIds) await api('GET', `/api/v1/executions/${id}`);
      expect((await api('GET', '/api/v1/executions?limit=100')).body.data.length).toBe(executionIds.length);
      for (const id of workflowIds) await api('GET', `/api/v1/workflows/${id}`);
      await api('GET', '/api/v1/credentials');
      for (const ref of refs.values()) await api('GET', `/api/v1/credentials/${ref.id}`);
      await api('GET', '/metrics');

      // The tables as text while the server runs; on SQLite also the raw files (database, -wal) before and
      // after closing, which checkpoints the WAL into the database file.
      const storage: Record<string, string | Buffer> = await dumpTables(
        t.server.context.database.db,
        t.schema,
      );
      if (!t.schema) Object.assign(storage, dataDirFiles(t.dataDir));
      await t.close();
      if (!t.schema) {
        for (const [path, bytes] of Object.entries(dataDirFiles(t.dataDir)))
          storage[`${path} (closed)`] = bytes;
      }
      const stored = Object.values(storage).map(String).join('\n');
      // Not vacuous: the envelopes and both redaction marks (server's and HTTP node's) are in what was scanned.
      expect(stored.includes('kf1:') && stored.includes('[REDACTED]') && stored.includes('[redacted]')).toBe(
        true,
      );

      expect(findLeaks(all, storage)).toEqual([]);
      expect(findLeaks(all, { logs: t.logs() })).toEqual([]);
      expect(
        findLeaks(all, Object.fromEntries(answers.map((answer, index) => [`answer ${index}`, answer]))),
      ).toEqual([]);
      expect(answers.length).toBeGreaterThan(40);
    }, 30_000);

    if (dialect === 'sqlite') {
      it('generated the key file with mode 0600 and warned to back it up', () => {
        expect(statSync(join(t.dataDir, ENCRYPTION_KEY_FILE)).mode & 0o777).toBe(0o600);
        expect(t.logs()).toMatch(/"level":40.*back this file up/);
      });
    }
  });
}
