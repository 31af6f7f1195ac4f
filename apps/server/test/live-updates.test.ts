import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateWorkflow, callWebhook, createWorkflow, errorBody, runAndWait } from './server-actions.js';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';
import { manualChainWorkflow, markNode, simpleWebhookWorkflow, waitNode } from './workflow-fixtures.js';

interface LiveEvent {
  type: string;
  executionId: string;
  nodeId?: string;
  status?: string;
  itemCounts?: number[];
}

/** An open Server-Sent Events stream: its events as they come, and a way to leave. */
interface Subscription {
  response: Response;
  /** Reads events until one matches `last` (included); fails if the stream ends first. */
  until(last: (event: LiveEvent) => boolean): Promise<LiveEvent[]>;
  /** True once the server has ended the stream. */
  ended(): Promise<boolean>;
  close(): void;
}

async function subscribe(
  t: TestServer,
  path: string,
  headers: Record<string, string>,
): Promise<Subscription> {
  const controller = new AbortController();
  const response = await fetch(`${t.url}${path}`, { headers, signal: controller.signal });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<LiveEvent | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const type = lines.find((line) => line.startsWith('event: '))?.slice(7);
        const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
        // Comment lines (keep-alives) carry no event.
        if (data === undefined) continue;
        const event = JSON.parse(data) as LiveEvent;
        expect(event.type).toBe(type);
        return event;
      }
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return undefined;
      buffer += chunk.value;
    }
  };
  return {
    response,
    async until(last) {
      const events: LiveEvent[] = [];
      for (;;) {
        const event = await next();
        if (!event) throw new Error(`the stream ended after ${JSON.stringify(events)}`);
        events.push(event);
        if (last(event)) return events;
      }
    },
    async ended() {
      return (await next()) === undefined;
    },
    close: () => controller.abort(),
  };
}

describe('live updates over Server-Sent Events, through the real server', () => {
  let t: TestServer & { schema?: string };
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer();
    auth = { 'x-klikkflow-api-key': t.apiKey };
    await activateWorkflow(t, simpleWebhookWorkflow('hooked', 'hooked'));
    await createWorkflow(
      t,
      manualChainWorkflow('parks', [
        waitNode('wait', { resume: 'webhook' }),
        markNode('after', 'done', true),
      ]),
    );
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('streams a workflow’s execution in order: start, each node’s start and end with item counts, end', async () => {
    const stream = await subscribe(t, '/api/v1/workflows/hooked/events', auth);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    const call = await callWebhook(t, 'hooked', { name: 'live', value: 1 });
    expect(call.status).toBe(200);
    const executionId = call.headers.get('x-klikkflow-execution-id');
    const events = await stream.until((event) => event.type === 'executionEnd');
    stream.close();

    expect(events.every((event) => event.executionId === executionId)).toBe(true);
    expect(events.map((event) => [event.type, event.nodeId ?? event.status ?? ''])).toEqual([
      ['executionStart', ''],
      ['nodeStart', 'hook'],
      ['nodeEnd', 'hook'],
      ['nodeStart', 'set'],
      ['nodeEnd', 'set'],
      ['nodeStart', 'respond'],
      ['nodeEnd', 'respond'],
      ['executionEnd', 'success'],
    ]);
    for (const event of events.filter((candidate) => candidate.type === 'nodeEnd')) {
      expect(event).toMatchObject({ status: 'success', itemCounts: [1] });
    }
  });

  it('streams one execution until its final end: past a parked wait, then closes the stream', async () => {
    const parked = await runAndWait(t, 'parks');
    expect(parked.status).toBe('waiting');
    const stream = await subscribe(t, `/api/v1/executions/${parked.executionId}/events`, auth);
    expect(stream.response.status).toBe(200);
    const resumed = await fetch(`${t.url}/webhook-waiting/${parked.executionId}`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    const events = await stream.until((event) => event.type === 'executionEnd');
    expect(events.at(-1)).toMatchObject({ type: 'executionEnd', status: 'success' });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'nodeEnd', nodeId: 'after', itemCounts: [1] }),
    );
    expect(await stream.ended()).toBe(true);

    // An execution that has ended: its end at once, then the stream closes.
    const late = await subscribe(t, `/api/v1/executions/${parked.executionId}/events`, auth);
    expect(await late.until((event) => event.type === 'executionEnd')).toHaveLength(1);
    expect(await late.ended()).toBe(true);
  });

  it('refuses anonymous subscribers (401)', async () => {
    for (const path of ['/api/v1/workflows/hooked/events', '/api/v1/executions/any/events']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(401);
      expect((await errorBody(response)).code).toBe('AUTH_REQUIRED');
    }
  });
});
