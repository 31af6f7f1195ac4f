import { defineNode, type HttpResponse, type NodeExecutionContext, pairedTo } from '@klikkflow/plugin-sdk';
import type { Item } from '@klikkflow/types';
import { serviceCredentialTypes } from './credentials/service-credentials.js';
import { type Authenticator, createAuthenticator } from './http-auth.js';
import { PAGINATION_TEMPLATE_PATHS, paginate, readPagination } from './http-pagination.js';
import { redactError } from './http-redact.js';
import { httpRequestProperties, responseFormats } from './http-request-properties.js';
import { buildRequestSpec, type RequestSpec } from './http-request-spec.js';
import { checkStatus, decodeBody, type ResponseSettings, responseItems } from './http-response.js';
import { type SendSettings, sendRequest } from './http-send.js';
import { asText } from './shared/as-text.js';
import { choice, wholeNumber } from './shared/choice.js';

const RESPONSE = 'options.response.response';

function responseSettings(ctx: NodeExecutionContext, itemIndex: number): ResponseSettings {
  const read = (name: string, fallback: unknown) =>
    ctx.getParameter(`${RESPONSE}.${name}`, itemIndex, fallback);
  return {
    format: choice(read('responseFormat', 'autodetect'), responseFormats, 'responseFormat', itemIndex),
    fullResponse: read('fullResponse', false) === true,
    neverError: read('neverError', false) === true,
    outputPropertyName: asText(read('outputPropertyName', 'data')) || 'data',
  };
}

function sendSettings(ctx: NodeExecutionContext, itemIndex: number): SendSettings {
  const settings: SendSettings = {
    retryOnRateLimit: ctx.getParameter<unknown>('options.retryOnRateLimit', itemIndex, true) !== false,
    sendIdempotencyKey: ctx.getParameter<unknown>('options.sendIdempotencyKey', itemIndex, false) === true,
  };
  const timeout = ctx.getParameter<unknown>('options.timeout', itemIndex);
  if (timeout !== undefined && timeout !== '')
    settings.timeoutMs = wholeNumber(timeout, 'timeout', 1, itemIndex);
  return settings;
}

/** Items per batch and the pause after each batch, or null without batching (batch size -1 or no batch set). */
function batching(ctx: NodeExecutionContext): { size: number; interval: number } | null {
  if (ctx.getParameter('options.batching.batch', 0) === undefined) return null;
  const size = Number(ctx.getParameter('options.batching.batch.batchSize', 0, 50));
  if (size === -1) return null;
  return {
    size: wholeNumber(size, 'batchSize', 1),
    interval: wholeNumber(
      ctx.getParameter('options.batching.batch.batchInterval', 0, 1000),
      'batchInterval',
      0,
    ),
  };
}

/** Sends one input item's request (and its further pages) and returns the output items. */
async function runItem(ctx: NodeExecutionContext, item: Item, itemIndex: number, auth: Authenticator) {
  const first = await buildRequestSpec(ctx, item, itemIndex);
  const response = responseSettings(ctx, itemIndex);
  const send = sendSettings(ctx, itemIndex);
  const handlers = {
    send: (spec: RequestSpec, page: number) => sendRequest(ctx, spec, auth, send, itemIndex, page),
    async read(answer: HttpResponse, spec: RequestSpec) {
      if (!response.neverError) checkStatus(answer, spec.method, spec.url);
      const decoded = decodeBody(answer, spec.method === 'HEAD' ? 'text' : response.format);
      return { decoded, items: await responseItems(ctx, answer, decoded, response, spec.url) };
    },
  };
  const pagination = readPagination(ctx, itemIndex);
  if (pagination) return paginate(ctx, pagination, first, itemIndex, handlers);
  const { items } = await handlers.read(await handlers.send(first, 0), first);
  return items;
}

/**
 * HTTP Request: one request per input item (or a series of pages) through the SSRF-guarded egress client,
 * with generic or service (n8n's predefined) credentials, response formats, retries on rate limits and an
 * optional idempotency key. Credential secrets never reach items, errors or logs.
 */
export const httpRequestNode = defineNode({
  type: 'core.httpRequest',
  version: 1,
  displayName: 'HTTP Request',
  description: 'Makes an HTTP request and outputs the response',
  group: 'app',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  rawParameters: PAGINATION_TEMPLATE_PATHS,
  credentials: [
    { type: 'httpBasicAuth', required: false },
    { type: 'httpHeaderAuth', required: false },
    { type: 'httpQueryAuth', required: false },
    { type: 'httpBearerAuth', required: false },
    { type: 'oAuth2Api', required: false },
    ...serviceCredentialTypes.map((type) => ({ type, required: false })),
  ],
  properties: httpRequestProperties,
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const out: Item[] = [];
    let auth: Authenticator | undefined;
    try {
      auth = await createAuthenticator(ctx);
      const batch = batching(ctx);
      for (let index = 0; index < items.length; index++) {
        if (batch && index > 0 && index % batch.size === 0) await ctx.sleep(batch.interval);
        const produced = await runItem(ctx, items[index] as Item, index, auth);
        for (const item of produced) out.push({ ...item, pairedItem: pairedTo(index) });
      }
    } catch (error) {
      throw redactError(error, auth?.secrets() ?? []);
    }
    return [out];
  },
});
