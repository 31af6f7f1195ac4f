import { randomUUID } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import type { ExecutionEvent } from '@klikkflow/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chainWorkflow, createRouteHarness, type RouteHarness, TEST_USER_HEADER } from './route-harness.js';

let harness: RouteHarness;
let baseUrl: string;
const clients: { destroy(): void }[] = [];

beforeEach(async () => {
  harness = await createRouteHarness({
    // A header set by a hook before the handler, as security headers would be.
    extra: (app) =>
      app.addHook('onRequest', async (_request, reply) => void reply.header('x-frame-options', 'DENY')),
  });
  baseUrl = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const created = await harness.call({
    method: 'POST',
    url: '/api/v1/workflows',
    payload: chainWorkflow('wf-1'),
  });
  expect(created.statusCode).toBe(201);
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await harness.close();
});

/** One parsed Server-Sent Event. */
interface Received {
  event: string;
  data: ExecutionEvent;
}

/** A Server-Sent Events client over node:http, collecting events until the server ends the stream. */
interface SseClient {
  response: IncomingMessage;
  events: Received[];
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  /** Everything received so far, as text. */
  text(): string;
  /** Resolves once `count` events have arrived. */
  received(count: number): Promise<Received[]>;
  close(): void;
}

function openSse(path: string, signedIn = true): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = get(
      `${baseUrl}${path}`,
      { headers: signedIn ? { [TEST_USER_HEADER]: '1' } : {} },
      (response) => {
        const events: Received[] = [];
        let buffer = '';
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = new Map(
              block
                .split('\n')
                .filter((line) => !line.startsWith(':'))
                .map(
                  (line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)] as const,
                ),
            );
            if (fields.has('data')) {
              events.push({ event: fields.get('event') ?? '', data: JSON.parse(fields.get('data') ?? '') });
            }
            end = buffer.indexOf('\n\n');
          }
        });
        const ended = new Promise<void>((done) => response.on('end', done));
        resolve({
          response,
          events,
          ended,
          text: () => text,
          received: async (count) => {
            await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(count));
            return events;
          },
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
    clients.push(request);
  });
}

/** The error code of a JSON error answer. */
async function errorCodeOf(client: SseClient): Promise<string> {
  await client.ended;
  return JSON.parse(client.text()).code;
}

async function storedExecution(status: 'running' | 'waiting'): Promise<string> {
  const { definition } = (await harness.context.repos.workflows.get('wf-1'))!;
  const id = randomUUID();
  await harness.context.repos.executions.create({
    id,
    workflowId: 'wf-1',
    mode: 'manual',
    status: 'running',
    workflow: definition,
    start: {},
    createdAt: Date.now(),
  });
  if (status === 'waiting') await harness.context.repos.executions.transition(id, ['running'], 'waiting');
  return id;
}

/** Every execution of `wf-1` publishes its live events here. */
const WORKFLOW_TOPIC = 'workflow:wf-1';

const subscribed = (topic: string) =>
  vi.waitFor(() => expect(harness.context.events.listenerCount(topic)).toBe(1));

describe('GET /executions/:id/events', () => {
  it('relays published events as SSE and ends after the final executionEnd', async () => {
    const id = await storedExecution('running');
    const client = await openSse(`/api/v1/executions/${id}/events`);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-frame-options': 'DENY',
    });
    await subscribed(WORKFLOW_TOPIC);
    const nodeStart: ExecutionEvent = {
      type: 'nodeStart',
      executionId: id,
      nodeId: 'n1',
      nodeName: 'Node 1',
      runIndex: 0,
      at: 1,
    };
    harness.context.events.publish(WORKFLOW_TOPIC, nodeStart);
    // Another execution of the same workflow shares the topic; this stream leaves its events out.
    harness.context.events.publish(WORKFLOW_TOPIC, { ...nodeStart, executionId: 'another' });
    // A parked execution has not ended: the stream stays open.
    harness.context.events.publish(WORKFLOW_TOPIC, {
      type: 'executionEnd',
      executionId: id,
      status: 'waiting',
      at: 2,
    });
    harness.context.events.publish(WORKFLOW_TOPIC, {
      type: 'executionEnd',
      executionId: id,
      status: 'success',
      at: 3,
    });
    await client.ended;
    expect(client.events).toEqual([
      { event: 'nodeStart', data: nodeStart },
      { event: 'executionEnd', data: { type: 'executionEnd', executionId: id, status: 'waiting', at: 2 } },
      { event: 'executionEnd', data: { type: 'executionEnd', executionId: id, status: 'success', at: 3 } },
    ]);
    expect(harness.context.events.listenerCount(WORKFLOW_TOPIC)).toBe(0);
  });

  it('sends one executionEnd and ends at once for an execution that has already ended', async () => {
    const run = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows/wf-1/run',
      payload: { wait: true },
    });
    const { executionId } = run.json();
    const client = await openSse(`/api/v1/executions/${executionId}/events`);
    await client.ended;
    expect(client.events).toEqual([
      {
        event: 'executionEnd',
        data: { type: 'executionEnd', executionId, status: 'success', at: expect.any(Number) },
      },
    ]);
    expect(harness.context.events.listenerCount(WORKFLOW_TOPIC)).toBe(0);
  });

  it('unsubscribes when the client leaves', async () => {
    const id = await storedExecution('waiting');
    const client = await openSse(`/api/v1/executions/${id}/events`);
    await subscribed(WORKFLOW_TOPIC);
    client.close();
    await vi.waitFor(() => expect(harness.context.events.listenerCount(WORKFLOW_TOPIC)).toBe(0));
  });

  it('answers 401 to anonymous clients and 404 for an unknown execution, as JSON', async () => {
    const anonymous = await openSse('/api/v1/executions/x/events', false);
    expect(anonymous.response.statusCode).toBe(401);
    expect(await errorCodeOf(anonymous)).toBe('AUTH_REQUIRED');
    const unknown = await openSse('/api/v1/executions/nope/events');
    expect(unknown.response.statusCode).toBe(404);
    expect(await errorCodeOf(unknown)).toBe('EXECUTION_NOT_FOUND');
  });
});

describe('GET /workflows/:id/events', () => {
  it("streams every event of the workflow's executions, in order, and stays open", async () => {
    const client = await openSse('/api/v1/workflows/wf-1/events');
    await subscribed('workflow:wf-1');
    const run = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows/wf-1/run',
      payload: { wait: true },
    });
    const { executionId } = run.json();
    // Start, then start and end of both nodes, then the end of the execution.
    const events = await client.received(6);
    expect(events.map((received) => received.event)).toEqual([
      'executionStart',
      'nodeStart',
      'nodeEnd',
      'nodeStart',
      'nodeEnd',
      'executionEnd',
    ]);
    expect(events.every((received) => received.data.executionId === executionId)).toBe(true);
    expect(events.map((received) => received.data.type)).toEqual(events.map((received) => received.event));
    expect(client.response.complete).toBe(false);
    client.close();
    await vi.waitFor(() => expect(harness.context.events.listenerCount('workflow:wf-1')).toBe(0));
  });

  it('answers 404 for an unknown workflow', async () => {
    const client = await openSse('/api/v1/workflows/nope/events');
    expect(client.response.statusCode).toBe(404);
    expect(await errorCodeOf(client)).toBe('WORKFLOW_NOT_FOUND');
  });
});
