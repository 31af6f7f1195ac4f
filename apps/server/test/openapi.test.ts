import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateWorkflow, errorBody } from './server-actions.js';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { simpleWebhookWorkflow } from './workflow-fixtures.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

interface Route {
  method: string;
  /** OpenAPI form: `/api/v1/workflows/{id}`. */
  path: string;
  operation: Operation;
}

/**
 * `METHOD /path` of every route Fastify registered, read from its route tree (`printRoutes`): each line is
 * a path segment under its parent (four columns of indent per level) with its methods.
 */
function fastifyRoutes(tree: string): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─ ]*?)([^│├└─ ].*) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4 - 1;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    // HEAD is Fastify's automatic twin of every GET; webhooks are user paths, not the API.
    if (path.includes('*') || path.startsWith('/webhook')) continue;
    for (const method of (match[3] ?? '').split(', ')) if (method !== 'HEAD') routes.add(`${method} ${path}`);
  }
  return routes;
}

/** A value of another type than the schema asks for. */
function wrongValue(schema: JsonSchema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return 12_345;
  if (type === 'array') return { not: 'an array' };
  if (type === 'object') return 'not an object';
  return ['not', 'a', type ?? 'value'];
}

describe('the OpenAPI document and hostile request bodies', () => {
  let t: TestServer & { schema?: string };
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestServer({ env: { KLIKKFLOW_MAX_BODY_MB: '1' } });
    await activateWorkflow(t, simpleWebhookWorkflow('echo', 'echo'));
    const document = await fetch(`${t.url}/api/v1/openapi.json`);
    expect(document.status).toBe(200);
    const body = (await document.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
    };
    expect(body.openapi).toBe('3.1.0');
    routes = Object.entries(body.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation,
      })),
    );
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('lists exactly the routes the server registered, each with an operation id and a summary', () => {
    const documented = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const registered = fastifyRoutes(t.server.app.printRoutes({ commonPrefix: false }));
    expect(registered.size).toBeGreaterThan(30);
    expect([...documented].sort()).toEqual([...registered].sort());
    const ids = routes.map((route) => route.operation.operationId);
    expect(new Set(ids).size).toBe(routes.length);
    for (const { method, path, operation } of routes) {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
      expect(operation.summary?.length, `${method} ${path}`).toBeGreaterThan(5);
    }
  });

  it('declares security exactly on the routes that refuse anonymous callers', async () => {
    for (const { method, path, operation } of routes) {
      const response = await fetch(`${t.url}${path.replace(/\{[^}]+\}/g, 'anon')}`, { method });
      const secured = (operation.security ?? []).length > 0;
      expect(response.status === 401, `${method} ${path} answered ${response.status}`).toBe(secured);
    }
    expect(routes.filter((route) => (route.operation.security ?? []).length > 0).length).toBeGreaterThan(25);
  });

  it('serves a docs page as HTML', async () => {
    const response = await fetch(`${t.url}/api/v1/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('/api/v1/openapi.json');
  });

  it('answers every malformed body on every write route with a 4xx {code, message}, never a 5xx', async () => {
    const headers = { 'x-klikkflow-api-key': t.apiKey, 'content-type': 'application/json' };
    const oversize = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    const writes = routes.filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method));
    expect(writes.length).toBeGreaterThan(15);
    for (const { method, path, operation } of writes) {
      const schema = operation.requestBody?.content['application/json']?.schema ?? {};
      const wrongTypes = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, wrongValue(property)]),
      );
      const hasBody = Boolean(operation.requestBody);
      const cases: { name: string; body: string; mustRefuse: boolean; code?: string }[] = [
        { name: 'invalid JSON', body: '{"name": ', mustRefuse: true, code: 'BODY_INVALID' },
        { name: 'oversize', body: oversize, mustRefuse: true, code: 'BODY_TOO_LARGE' },
        { name: 'unknown field', body: JSON.stringify({ surpriseField: true }), mustRefuse: hasBody },
        { name: 'array', body: '[1, 2]', mustRefuse: hasBody },
        { name: 'number', body: '42', mustRefuse: hasBody },
        {
          name: 'wrong types',
          body: JSON.stringify(wrongTypes),
          mustRefuse: Object.keys(wrongTypes).length > 0,
        },
        { name: '__proto__', body: '{"__proto__": {"polluted": true}}', mustRefuse: true },
        { name: 'constructor', body: '{"constructor": {"prototype": {"polluted": true}}}', mustRefuse: true },
      ];
      for (const { name, body, mustRefuse, code } of cases) {
        const url = `${t.url}${path.replace(/\{[^}]+\}/g, 'fuzz')}`;
        const response = await fetch(url, { method, headers, body });
        const label = `${method} ${path} with ${name}: ${response.status}`;
        expect(response.status, label).toBeLessThan(500);
        if (mustRefuse) expect(response.status, label).toBeGreaterThanOrEqual(400);
        if (response.status >= 400) {
          const answer = await errorBody(response);
          expect(typeof answer.code, label).toBe('string');
          expect(typeof answer.message, label).toBe('string');
          if (code) expect(answer.code, label).toBe(code);
        } else await response.body?.cancel();
      }
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps Object.prototype clean when a webhook body carries __proto__', async () => {
    const response = await fetch(`${t.url}/webhook/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "x", "value": 1, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    });
    expect(response.status).toBeLessThan(500);
    await response.body?.cancel();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
