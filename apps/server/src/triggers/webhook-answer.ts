import { Readable } from 'node:stream';
import type { BlobStore } from '@klikkflow/engine';
import { lowerCaseHeaderNames, type WebhookResponse } from '@klikkflow/nodes';
import type { Workflow } from '@klikkflow/types';
import { RESPOND_NODE } from './webhook-routes.js';

/** The header that tells a webhook caller which execution it started. */
export const EXECUTION_ID_HEADER = 'x-klikkflow-execution-id';

/** The answer a Respond to Webhook node left in a committed state's node state, if one did. */
export function respondNodeAnswer(
  workflow: Workflow,
  nodeState: Record<string, unknown>,
): WebhookResponse | undefined {
  for (const node of workflow.nodes) {
    if (node.type !== RESPOND_NODE) continue;
    const saved = nodeState[node.id] as { response?: WebhookResponse } | undefined;
    if (saved?.response) return saved.response;
  }
  return undefined;
}

/** The answer to a webhook call: its status, headers (names lower-case) and body. */
export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  /** Text or bytes, a stream of bytes (a binary answer from the blob store), or no body. */
  body: string | Uint8Array | Readable | null;
}

/** A JSON answer: refusals and acknowledgements the server builds itself. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): WebhookReply {
  const named = lowerCaseHeaderNames(headers);
  named['content-type'] = 'application/json; charset=utf-8';
  return { status, headers: named, body: JSON.stringify(body) };
}

/**
 * The reply for a node-built webhook answer, naming the execution it started; a binary answer streams
 * from the blob store.
 */
export async function webhookReplyOf(
  response: WebhookResponse,
  executionId: string,
  blobs: BlobStore | undefined,
): Promise<WebhookReply> {
  const headers = lowerCaseHeaderNames(response.headers);
  headers[EXECUTION_ID_HEADER] = executionId;
  if (response.binaryRef && blobs) {
    const chunks = await blobs.open(response.binaryRef);
    headers['content-type'] ??= response.binaryRef.mimeType;
    return { status: response.status, headers, body: Readable.from(chunks) };
  }
  if (response.body === null) return { status: response.status, headers, body: null };
  return {
    status: response.status,
    headers,
    body: typeof response.body === 'string' ? response.body : Buffer.from(response.body),
  };
}
