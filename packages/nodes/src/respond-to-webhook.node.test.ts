import { runNode, runNodeExpectingError, withDefaults } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { respondToWebhookNode } from './respond-to-webhook.node.js';
import { buildWebhookResponse, respondWithModes } from './webhook-response.js';

const items = [{ json: { id: 1 } }, { json: { id: 2 } }];

describe('core.respondToWebhook', () => {
  it('passes every item through, paired to its input, in every valid mode', async () => {
    const modes = [
      { respondWith: 'firstIncomingItem' },
      { respondWith: 'allIncomingItems', options: { responseKey: 'data' } },
      { respondWith: 'json', responseBody: '{"ok":true}' },
      { respondWith: 'text', responseBody: 'done' },
      { respondWith: 'noData', options: { responseCode: 204 } },
      { respondWith: 'redirect', redirectURL: 'https://example.com' },
    ];
    for (const parameters of modes) {
      const { outputs } = await runNode(respondToWebhookNode, { parameters, items });
      expect(outputs).toEqual([items.map((item, index) => ({ ...item, pairedItem: { item: index } }))]);
    }
    const binary = [{ json: {}, binary: { data: { id: 'b', mimeType: 'text/csv' } } }];
    const { outputs } = await runNode(respondToWebhookNode, {
      parameters: { respondWith: 'binary' },
      items: binary,
    });
    expect(outputs[0]?.[0]?.binary).toEqual(binary[0]?.binary);
  });

  it('keeps the answer it built as its state, for the server to send', async () => {
    const parameters = { respondWith: 'json', responseBody: '{"ok":true}', options: { responseCode: 201 } };
    const { state } = await runNode(respondToWebhookNode, { parameters, items });
    expect(state).toEqual({
      response: buildWebhookResponse(withDefaults(respondToWebhookNode.properties, parameters), items),
    });
    expect((state as { response: { status: number } }).response.status).toBe(201);
  });

  it('fails the run, naming the problem, when the response it describes is invalid', async () => {
    const error = await runNodeExpectingError(respondToWebhookNode, {
      parameters: { respondWith: 'json', responseBody: 'not json' },
      items,
    });
    expect(error).toMatchObject({
      code: 'NODE_PARAMETER_INVALID',
      message: '"Response Body" is not valid JSON',
    });
    const noBinary = await runNodeExpectingError(respondToWebhookNode, {
      parameters: { respondWith: 'binary' },
      items,
    });
    expect(noBinary.code).toBe('NODE_BINARY_MISSING');
  });

  it('offers exactly the modes buildWebhookResponse knows, and its defaults describe a 200 JSON answer', () => {
    const property = respondToWebhookNode.properties.find((p) => p.name === 'respondWith');
    expect(property?.options?.map((option) => option.value)).toEqual(respondWithModes);
    const defaults = withDefaults(respondToWebhookNode.properties, {});
    expect(defaults).toEqual({ respondWith: 'firstIncomingItem', options: {} });
    expect(buildWebhookResponse(defaults, items).status).toBe(200);
    expect(withDefaults(respondToWebhookNode.properties, { respondWith: 'binary' })).toMatchObject({
      responseDataSource: 'automatic',
    });
    expect(
      withDefaults(respondToWebhookNode.properties, { respondWith: 'binary', responseDataSource: 'set' }),
    ).toMatchObject({
      inputFieldName: 'data',
    });
  });
});
