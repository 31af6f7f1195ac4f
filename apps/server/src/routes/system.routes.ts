import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>KlikkFlow API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}
code{background:#f3f3f3;padding:0 .25rem}h2{margin-top:2rem}li{margin:.2rem 0}.m{font-weight:600;display:inline-block;width:4.5rem}</style>
</head><body><h1>KlikkFlow API</h1>
<p>The machine-readable description is <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI 3.1).
Authenticate with the <code>X-KLIKKFLOW-API-KEY</code> header or a session cookie from <code>POST /api/v1/login</code>.</p>
<div id="routes">Loading…</div>
<script>
fetch('/api/v1/openapi.json').then(r => r.json()).then(doc => {
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      (byTag[op.tags[0]] ??= []).push({ method: method.toUpperCase(), path, summary: op.summary });
  const root = document.getElementById('routes');
  root.textContent = '';
  for (const [tag, ops] of Object.entries(byTag)) {
    const h = document.createElement('h2'); h.textContent = tag; root.append(h);
    const ul = document.createElement('ul');
    for (const op of ops) {
      const li = document.createElement('li');
      const m = document.createElement('span'); m.className = 'm'; m.textContent = op.method;
      const c = document.createElement('code'); c.textContent = op.path;
      li.append(m, c, ' ', op.summary); ul.append(li);
    }
    root.append(ul);
  }
});
</script></body></html>`;

/** Health, readiness, metrics, the OpenAPI document and its docs page. */
export function systemRoutes(
  context: Pick<AppContext, 'database' | 'metrics'>,
  openApi: () => Record<string, unknown>,
): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'health',
      summary: 'Liveness: the process answers',
      tag: 'System',
      access: 'public',
      response: z.object({ status: z.literal('ok') }),
      handler: async () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      operationId: 'ready',
      summary: 'Readiness: the database answers and every migration is applied (503 otherwise)',
      tag: 'System',
      access: 'public',
      response: z.object({ status: z.literal('ready'), database: z.string() }),
      handler: async ({ reply }) => {
        try {
          await context.database.ping();
          if (!(await context.database.migrated())) {
            reply
              .code(503)
              .send({ code: 'DB_MIGRATIONS_PENDING', message: 'database migrations are not complete' });
            return undefined;
          }
        } catch {
          reply.code(503).send({ code: 'DB_UNAVAILABLE', message: 'the database does not answer' });
          return undefined;
        }
        return { status: 'ready' as const, database: context.database.dialect };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      tag: 'System',
      access: 'public',
      handler: async ({ reply }) => {
        reply.header('content-type', context.metrics.contentType).send(await context.metrics.render());
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/openapi.json',
      operationId: 'openApi',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'System',
      access: 'setup',
      handler: async () => openApi(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/docs',
      operationId: 'apiDocs',
      summary: 'A page listing the API',
      tag: 'System',
      access: 'setup',
      handler: async ({ reply }) => {
        reply.header('content-type', 'text/html; charset=utf-8').send(DOCS_PAGE);
        return undefined;
      },
    }),
  ];
}
