import type { ExecutionRecord } from '@klikkflow/database';
import type { EventBus } from '@klikkflow/queue';
import type { ExecutionEvent } from '@klikkflow/types';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { isTerminal } from '../executions/execution-service.js';
import { liveTopicOf } from '../executions/live-topic.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { idParams, notFound } from './route-schemas.js';

/** A comment line this often keeps proxies and load balancers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/** An open Server-Sent Events stream. */
interface EventStream {
  send(event: ExecutionEvent): void;
  /** Ends the stream (idempotent). */
  close(): void;
}

/**
 * Takes the response over (`hijack`) and relays the topic's events as `event: <type>` / `data: <json>`
 * until the client leaves or `isLast` says an event ends the stream. The headers go out once the
 * subscription is live (across processes, once Redis acknowledged it): a client that has them misses
 * nothing published afterwards.
 */
async function openStream(
  request: FastifyRequest,
  reply: FastifyReply,
  events: EventBus<ExecutionEvent>,
  topic: string,
  isLast: (event: ExecutionEvent) => boolean,
  wanted: (event: ExecutionEvent) => boolean = () => true,
): Promise<EventStream> {
  // Headers earlier hooks set on the reply are kept: a hijacked reply skips Fastify's own sending.
  const earlier = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
  reply.hijack();
  const response = reply.raw;
  let open = true;
  /** Events that came before the headers went out. */
  let early: ExecutionEvent[] | undefined = [];
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const stream: EventStream = {
    send(event) {
      if (!open) return;
      if (early) {
        early.push(event);
        return;
      }
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      if (isLast(event)) stream.close();
    },
    close() {
      if (!open) return;
      open = false;
      clearInterval(keepAlive);
      unsubscribe();
      response.end();
    },
  };
  const unsubscribe = events.subscribe(topic, (event) => {
    if (wanted(event)) stream.send(event);
  });
  request.raw.on('close', stream.close);
  await events.ready();
  response.writeHead(200, {
    ...(Object.fromEntries(earlier) as Record<string, string | number | string[]>),
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // nginx buffers responses by default, which would hold events back.
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  const pending = early;
  early = undefined;
  for (const event of pending) stream.send(event);
  keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  return stream;
}

/** The `executionEnd` event of an execution that has ended. */
function endEvent(record: ExecutionRecord): ExecutionEvent {
  return {
    type: 'executionEnd',
    executionId: record.id,
    status: record.status,
    at: record.finishedAt ?? record.createdAt,
  };
}

const endsExecution = (event: ExecutionEvent): boolean =>
  event.type === 'executionEnd' && isTerminal(event.status);

/** Live updates as Server-Sent Events: one execution's progress, or every execution of a workflow. */
export function liveRoutes(context: AppContext): AnyRouteSpec[] {
  const { repos, events } = context;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/executions/:id/events',
      operationId: 'streamExecutionEvents',
      summary:
        "An execution's events as Server-Sent Events (executionStart, nodeStart, nodeEnd, executionEnd); " +
        'the stream ends with its final executionEnd, at once when it has already ended',
      tag: 'Live',
      access: 'authenticated',
      params: idParams,
      handler: async ({ params, request, reply }) => {
        const known = await repos.executions.get(params.id);
        if (!known) throw notFound('EXECUTION_NOT_FOUND', 'execution', params.id);
        // One topic per workflow carries every event; this stream keeps its execution's.
        const stream = await openStream(
          request,
          reply,
          events,
          liveTopicOf(known.workflowId),
          endsExecution,
          (event) => event.executionId === params.id,
        );
        // Read again once subscribed: an execution ending between the first read and the subscription
        // would otherwise leave the client waiting for an event that was already published.
        const record = isTerminal(known.status) ? known : await repos.executions.get(params.id);
        if (!record) stream.close();
        else if (isTerminal(record.status)) stream.send(endEvent(record));
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/workflows/:id/events',
      operationId: 'streamWorkflowEvents',
      summary: 'The events of every execution of a workflow as Server-Sent Events, until the client leaves',
      tag: 'Live',
      access: 'authenticated',
      params: idParams,
      handler: async ({ params, request, reply }) => {
        if (!(await repos.workflows.get(params.id)))
          throw notFound('WORKFLOW_NOT_FOUND', 'workflow', params.id);
        await openStream(request, reply, events, liveTopicOf(params.id), () => false);
        return undefined;
      },
    }),
  ];
}
