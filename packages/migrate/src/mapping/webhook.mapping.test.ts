import {
  buildWebhookNodeResponse,
  verifyWebhookAuth,
  webhookAuthMode,
  webhookMethods,
  webhookNode,
} from '@klikkflow/nodes';
import { runNode, toItems } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { UnsupportedVariantError } from './node-mapping.types.js';
import { webhookExport, webhookMappings } from './webhook.mapping.js';

const webhook = (version: number, parameters: Record<string, unknown>) =>
  mapN8nNode(webhookMappings, 'n8n-nodes-base.webhook', version, parameters);

const text = (body: unknown) => (typeof body === 'string' ? JSON.parse(body) : body);
const lastItems = toItems([{ id: 1 }, { id: 2 }]);

describe('Webhook', () => {
  it('v1: answers when the last node finishes with its first item and the saved response code', async () => {
    const { parameters } = webhook(1, {
      path: 'orders',
      httpMethod: 'POST',
      responseMode: 'lastNode',
      responseCode: 201,
      options: {},
    });
    expect(webhookMethods(parameters)).toEqual(['POST']);
    const response = buildWebhookNodeResponse(parameters, lastItems);
    expect(response?.status).toBe(201);
    expect(text(response?.body)).toEqual({ id: 1 });
    // The node passes the request item on, as n8n's does.
    const { outputs } = await runNode(webhookNode, { parameters, items: [{ body: { a: 1 } }] });
    expect(outputs[0]?.[0]?.json).toEqual({ body: { a: 1 } });
  });

  it('v1.1: listens on GET and answers at once with n8n’s "Workflow was started"', () => {
    const { parameters } = webhook(1.1, { path: 'ping', options: {} });
    expect(webhookMethods(parameters)).toEqual(['GET']);
    const response = buildWebhookNodeResponse(parameters, []);
    expect(response?.status).toBe(200);
    expect(text(response?.body)).toEqual({ message: 'Workflow was started' });
  });

  it('v2: leaves the answer to Respond to Webhook, and reads response codes from the options', () => {
    const responseNode = webhook(2, {
      path: 'demo',
      httpMethod: 'POST',
      responseMode: 'responseNode',
      options: {},
    });
    expect(buildWebhookNodeResponse(responseNode.parameters, lastItems)).toBeNull();
    const noContent = webhook(2, { path: 'x', options: { responseCode: { values: { responseCode: 204 } } } });
    expect(buildWebhookNodeResponse(noContent.parameters, [])?.status).toBe(204);
    const custom = webhook(2, {
      path: 'x',
      responseMode: 'lastNode',
      responseData: 'allEntries',
      options: { responseCode: { values: { responseCode: 'customCode', customCode: 418 } } },
    });
    const response = buildWebhookNodeResponse(custom.parameters, lastItems);
    expect(response?.status).toBe(418);
    expect(text(response?.body)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('v2: checks basic auth callers and listens on several methods (with a warning about outputs)', async () => {
    const { parameters } = webhook(2, {
      path: 'x',
      httpMethod: 'POST',
      authentication: 'basicAuth',
      options: {},
    });
    const mode = webhookAuthMode(parameters.authentication);
    const credential = { user: 'u', password: 'p' };
    const request = (authorization: string) => ({
      headers: { authorization },
      rawBody: new Uint8Array(),
      now: Date.now(),
    });
    expect((await verifyWebhookAuth(mode, credential, request(`Basic ${btoa('u:p')}`))).ok).toBe(true);
    expect((await verifyWebhookAuth(mode, credential, request(`Basic ${btoa('u:x')}`))).ok).toBe(false);
    const many = webhook(2, { path: 'x', multipleMethods: true, httpMethod: ['GET', 'PUT'], options: {} });
    expect(webhookMethods(many.parameters)).toEqual(['GET', 'PUT']);
    expect(many.warnings).toEqual([
      'n8n gives each HTTP method its own output; KlikkFlow sends every method to the one output',
    ]);
  });

  it('v2.1: maps JWT auth, refuses streaming and warns about options it drops', () => {
    const jwt = webhook(2.1, {
      path: 'x',
      httpMethod: 'POST',
      authentication: 'jwtAuth',
      responseMode: 'responseNode',
    });
    expect(webhookAuthMode(jwt.parameters.authentication)).toBe('jwt');
    expect(() => webhook(2.1, { path: 'x', responseMode: 'streaming' })).toThrow(
      new UnsupportedVariantError('it streams its response, which KlikkFlow does not'),
    );
    const { warnings } = webhook(2, {
      path: 'x',
      options: { ipWhitelist: '10.0.0.1', rawBody: true, binaryPropertyName: 'data' },
    });
    expect(warnings).toEqual([
      'option "rawBody" (true) has no KlikkFlow equivalent and is ignored',
      'option "ipWhitelist" ("10.0.0.1") has no KlikkFlow equivalent and is ignored',
    ]);
  });

  it('exports as Webhook 2.1 with the same parameters', () => {
    const n8n = {
      httpMethod: 'POST',
      path: 'demo',
      responseMode: 'lastNode',
      responseData: 'allEntries',
      authentication: 'headerAuth',
      options: { responseCode: { values: { responseCode: 201 } } },
    };
    const native = webhook(2, n8n).parameters;
    expect(exportNativeNode([webhookExport], 'core.webhook', native)).toEqual({
      n8nType: 'n8n-nodes-base.webhook',
      typeVersion: 2.1,
      parameters: { ...n8n, responseBinaryPropertyName: 'data' },
    });
    const many = webhook(2, {
      path: 'm',
      multipleMethods: true,
      httpMethod: ['GET', 'POST'],
      responseMode: 'responseNode',
    });
    expect(exportNativeNode([webhookExport], 'core.webhook', many.parameters).parameters).toEqual({
      path: 'm',
      multipleMethods: true,
      httpMethod: ['GET', 'POST'],
      authentication: 'none',
      responseMode: 'responseNode',
      options: {},
    });
  });
});
