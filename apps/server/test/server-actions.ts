/** API steps the end-to-end tests share, on top of {@link startTestServer}. */
import { expect } from 'vitest';
import { eventually, type TestServer } from './server-harness.js';

type Json = Record<string, unknown>;

/** An API answer's JSON, as loosely typed as the harness hands it over. */
export type ApiBody = Awaited<ReturnType<TestServer['api']>>['body'];

/** Stores a workflow through the API (201 expected). */
export async function createWorkflow(t: TestServer, definition: Json): Promise<void> {
  const created = await t.api('POST', '/api/v1/workflows', definition);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

/** Stores a workflow and activates it (its webhooks and schedules are live afterwards). */
export async function activateWorkflow(t: TestServer, definition: Json): Promise<void> {
  await createWorkflow(t, definition);
  const activated = await t.api('POST', `/api/v1/workflows/${String(definition.id)}/activate`);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}

/** Calls a production webhook with a JSON body. */
export function callWebhook(
  t: TestServer,
  path: string,
  body: unknown = {},
  method = 'POST',
): Promise<Response> {
  return fetch(`${t.url}/webhook/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The execution (GET /api/v1/executions/:id) once its status is one of `statuses`. */
export function executionIn(
  t: TestServer,
  id: string,
  statuses: readonly string[],
  timeoutMs?: number,
): Promise<ApiBody> {
  return eventually(async () => {
    const got = await t.api('GET', `/api/v1/executions/${id}`);
    return got.status === 200 && statuses.includes(got.body.status) ? got.body : undefined;
  }, timeoutMs);
}

/** The executions of a workflow, newest first (one page is plenty for tests). */
export async function executionsOf(t: TestServer, workflowId: string): Promise<ApiBody[]> {
  const page = await t.api(
    'GET',
    `/api/v1/executions?workflowId=${encodeURIComponent(workflowId)}&limit=250`,
  );
  expect(page.status, JSON.stringify(page.body)).toBe(200);
  return page.body.data;
}

/** Runs a stored workflow by hand and waits for its outcome (`wait: true`). */
export async function runAndWait(t: TestServer, workflowId: string, body: Json = {}): Promise<ApiBody> {
  const run = await t.api('POST', `/api/v1/workflows/${workflowId}/run`, { ...body, wait: true });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return run.body;
}

/** GET /metrics as text (a public route). */
export async function metricsText(t: TestServer): Promise<string> {
  const response = await fetch(`${t.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * The value of one Prometheus sample, e.g. `metricValue(text, 'klikkflow_executions_total', { status:
 * 'success', mode: 'webhook' })`: the line whose labels are exactly these (any order). Undefined when absent.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((pair) => [
      pair[1],
      pair[2],
    ]);
    if (JSON.stringify(found.sort()) === wanted) return Number(match[3]);
  }
  return undefined;
}

/** The `{ code, message }` body of an error answer (a webhook's also names its execution). */
export async function errorBody(
  response: Response,
): Promise<{ code: string; message: string; executionId?: string }> {
  return (await response.json()) as { code: string; message: string; executionId?: string };
}
