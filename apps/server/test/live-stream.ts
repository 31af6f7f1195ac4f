/** Reading the server's Server-Sent Events streams in tests. */
import { expect } from 'vitest';
import type { TestServer } from './server-harness.js';

/** A live execution event as a test reads it. */
export interface LiveEvent {
  type: string;
  executionId: string;
  nodeId?: string;
  status?: string;
  itemCounts?: number[];
}

/** An open Server-Sent Events stream: its events as they come, and a way to leave. */
export interface Subscription {
  response: Response;
  /** Reads events until one matches `last` (included); fails if the stream ends first. */
  until(last: (event: LiveEvent) => boolean): Promise<LiveEvent[]>;
  /** True once the server has ended the stream. */
  ended(): Promise<boolean>;
  close(): void;
}

/** Opens an SSE stream of the API (`/api/v1/.../events`). */
export async function subscribe(
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
