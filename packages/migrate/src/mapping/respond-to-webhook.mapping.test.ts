import { buildWebhookResponse, respondToWebhookNode } from '@klikkflow/nodes';
import { runNode, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { respondToWebhookExport, respondToWebhookMappings } from './respond-to-webhook.mapping.js';

const respond = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(respondToWebhookMappings, 'n8n-nodes-base.respondToWebhook', version, parameters);

const text = (body: unknown) => (typeof body === 'string' ? JSON.parse(body) : body);
const lastItems = toItems([{ id: 1 }, { id: 2 }]);

describe('Respond to Webhook', () => {
  it('v1.1: answers with JSON text, a status code and headers', async () => {
    const { parameters } = respond(1.1, {
      respondWith: 'json',
      responseBody: '{ "ok": true, "from": 7 }',
      options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Trace', value: 'abc' }] } },
    });
    const { state, outputs } = await runNode(respondToWebhookNode, { parameters, items: [{ a: 1 }] });
    const { response } = state as { response: ReturnType<typeof buildWebhookResponse> };
    expect(response.status).toBe(201);
    expect(response.headers['X-Trace']).toBe('abc');
    expect(text(response.body)).toEqual({ ok: true, from: 7 });
    expect(outputs[0]).toEqual([{ json: { a: 1 }, pairedItem: { item: 0 } }]);
  });

  it('v1: answers with the first item by default, under a response key, and n8n’s default JSON body', () => {
    const first = respond(1, { options: { responseKey: 'data' } });
    expect(text(buildWebhookResponse(first.parameters, lastItems).body)).toEqual({ data: { id: 1 } });
    const json = respond(1, { respondWith: 'json', options: {} });
    expect(text(buildWebhookResponse(json.parameters, lastItems).body)).toEqual({ myField: 'value' });
  });

  it('v1.2: sends the first binary file found and redirects with 307 unless a 3xx code is set', () => {
    const file = { id: 'blob-1', mimeType: 'application/pdf' };
    const binary = respond(1.2, { respondWith: 'binary', options: {} });
    const sent = buildWebhookResponse(binary.parameters, [{ json: {}, binary: { report: file } }]);
    expect(sent.binaryRef).toEqual(file);
    expect(sent.headers['Content-Type']).toBe('application/pdf');
    const redirect = respond(1.4, {
      respondWith: 'redirect',
      redirectURL: 'https://example.com/thanks',
      options: {},
    });
    const moved = buildWebhookResponse(redirect.parameters, lastItems);
    expect(moved.status).toBe(307);
    expect(moved.headers.Location).toBe('https://example.com/thanks');
  });

  it('refuses JWT answers and warns about the response output of 1.3 and 1.4+', () => {
    expect(() => respond(1.1, { respondWith: 'jwt' })).toThrow(UnsupportedVariantError);
    const message = 'the output with the sent response is not available; only the input items are passed on';
    expect(respond(1.3, { respondWith: 'noData' }).warnings).toEqual([message]);
    expect(respond(1.4, { respondWith: 'noData', enableResponseOutput: true }).warnings).toEqual([message]);
    expect(respond(1.4, { respondWith: 'noData' }).warnings).toEqual([]);
  });

  it('exports as 1.5 with the same parameters', () => {
    const n8n = {
      respondWith: 'text',
      responseBody: 'done',
      options: {
        responseCode: 202,
        responseHeaders: { entries: [{ name: 'Content-Type', value: 'text/html' }] },
      },
    };
    const native = respond(1.5, n8n).parameters;
    expect(exportNativeNode([respondToWebhookExport], 'core.respondToWebhook', native)).toEqual({
      n8nType: 'n8n-nodes-base.respondToWebhook',
      typeVersion: 1.5,
      parameters: n8n,
    });
  });
});
