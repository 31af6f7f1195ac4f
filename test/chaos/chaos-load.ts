import { setTimeout as sleep } from 'node:timers/promises';

/** One webhook call as the client saw it. */
export interface WebhookCall {
  /** The `seq` the body carried (0, 1, 2… in send order). */
  seq: number;
  /** The HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  /** `x-klikkflow-execution-id` of the answer. */
  executionId: string | undefined;
  /** The error `code` of a JSON error answer, or the client-side failure. */
  error: string | undefined;
  /** Epoch ms the request was sent and its answer (or failure) arrived. */
  sentAt: number;
  endedAt: number;
}

/** How {@link driveWebhooks} sends. */
export interface LoadOptions {
  /** The webhook URL; read for every call, so a restarted process can change it. */
  url: () => string;
  /** Stops after this many calls (default: no limit)… */
  count?: number;
  /** …or, earlier, once this says so (checked before every call). */
  stop?: () => boolean;
  /** Calls started per second. */
  ratePerSecond: number;
  /** Calls in flight at most; the pace waits for a free slot. */
  concurrency: number;
  timeoutMs?: number;
}

/** Whether the ingress accepted the call (G1: accepted means committed). */
export const accepted = (call: WebhookCall): boolean => call.status >= 200 && call.status < 300;

/**
 * POSTs `{ seq }` to a webhook at a steady pace and records every answer. Resolves when every call has
 * ended. Failures are data here, never exceptions: the checks decide which are allowed.
 */
export async function driveWebhooks(options: LoadOptions): Promise<WebhookCall[]> {
  const calls: WebhookCall[] = [];
  const inFlight = new Set<Promise<void>>();
  const gapMs = 1000 / options.ratePerSecond;
  const started = Date.now();
  const count = options.count ?? Number.POSITIVE_INFINITY;
  for (let seq = 0; seq < count && !options.stop?.(); seq++) {
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    const due = started + seq * gapMs;
    if (due > Date.now()) await sleep(due - Date.now());
    const call = callWebhook(options.url(), seq, options.timeoutMs ?? 30_000).then((result) => {
      calls.push(result);
      inFlight.delete(call);
    });
    inFlight.add(call);
  }
  await Promise.all(inFlight);
  return calls.sort((a, b) => a.seq - b.seq);
}

async function callWebhook(url: string, seq: number, timeoutMs: number): Promise<WebhookCall> {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seq }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let error: string | undefined;
    if (response.status >= 300) {
      try {
        error = String((JSON.parse(text) as { code?: unknown }).code);
      } catch {
        error = text.slice(0, 80);
      }
    }
    return {
      seq,
      status: response.status,
      executionId: response.headers.get('x-klikkflow-execution-id') ?? undefined,
      error,
      sentAt,
      endedAt: Date.now(),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = cause ?? (error instanceof Error ? error.name : String(error));
    return { seq, status: 0, executionId: undefined, error: reason, sentAt, endedAt: Date.now() };
  }
}

/** Status → how many calls answered it (0: no answer), for summaries and failure messages. */
export function statusCounts(calls: readonly WebhookCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const key = call.status === 0 ? `none(${call.error})` : String(call.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
