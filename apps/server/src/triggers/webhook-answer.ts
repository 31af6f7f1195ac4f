import { Readable } from 'node:stream';
import type { BlobStore } from '@klikkflow/engine';
import type { WebhookResponse } from '@klikkflow/nodes';
import type { Workflow } from '@klikkflow/types';
import type { FastifyReply } from 'fastify';
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

/** Sends a node-built webhook answer; a binary answer streams from the blob store. */
export async function sendWebhookResponse(
  reply: FastifyReply,
  response: WebhookResponse,
  executionId: string,
  blobs: BlobStore | undefined,
): Promise<void> {
  reply.code(response.status).headers(response.headers).header(EXECUTION_ID_HEADER, executionId);
  if (response.binaryRef && blobs) {
    const chunks = await blobs.open(response.binaryRef);
    if (!response.headers['Content-Type'] && !response.headers['content-type']) {
      reply.header('content-type', response.binaryRef.mimeType);
    }
    await reply.send(Readable.from(chunks));
    return;
  }
  if (response.body === null) {
    await reply.send();
    return;
  }
  await reply.send(typeof response.body === 'string' ? response.body : Buffer.from(response.body));
}
