import { runNode, withDefaults } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { webhookCredentials } from './credentials/webhook-credentials.js';
import { webhookMethods, webhookNode } from './webhook.node.js';
import { webhookAuthCredentialTypes } from './webhook-auth.js';

describe('core.webhook', () => {
  it('emits the trigger items it is given, in webhook and manual runs', async () => {
    const trigger = [{ json: { headers: {}, params: {}, query: { a: '1' }, body: { x: 1 } } }];
    expect((await runNode(webhookNode, { inputs: [trigger] })).outputs).toEqual([trigger]);
    expect((await runNode(webhookNode, { inputs: [] })).outputs).toEqual([[]]);
    expect(webhookNode.triggerModes).toEqual(['webhook', 'manual']);
    expect(webhookNode.inputs).toEqual([]);
  });

  it('fills n8n’s defaults and shows response fields only where they apply', () => {
    expect(withDefaults(webhookNode.properties, { path: 'demo' })).toEqual({
      multipleMethods: false,
      httpMethod: 'GET',
      path: 'demo',
      authentication: 'none',
      responseMode: 'onReceived',
      responseCode: 200,
    });
    expect(
      withDefaults(webhookNode.properties, { responseMode: 'lastNode', responseData: 'firstEntryBinary' }),
    ).toMatchObject({
      responseCode: 200,
      responseBinaryPropertyName: 'data',
    });
    const viaNode = withDefaults(webhookNode.properties, { responseMode: 'responseNode' });
    expect(viaNode).not.toHaveProperty('responseCode');
    expect(viaNode).not.toHaveProperty('responseData');
  });

  it('declares every credential type authentication can use, all optional', () => {
    const types = Object.values(webhookAuthCredentialTypes).filter(Boolean);
    expect(webhookNode.credentials).toEqual(types.map((type) => ({ type, required: false })));
    expect(webhookCredentials.map((credential) => credential.name)).toEqual(types);
    const authOptions = webhookNode.properties.find((p) => p.name === 'authentication')?.options;
    expect(authOptions?.map((option) => option.value)).toEqual(Object.keys(webhookAuthCredentialTypes));
  });
});

describe('webhookMethods', () => {
  it('reads one method, several methods, or n8n’s list in httpMethod', () => {
    expect(webhookMethods({})).toEqual(['GET']);
    expect(webhookMethods({ httpMethod: 'POST' })).toEqual(['POST']);
    expect(webhookMethods({ multipleMethods: true, httpMethods: ['POST', 'PUT', 'POST'] })).toEqual([
      'POST',
      'PUT',
    ]);
    expect(webhookMethods({ httpMethod: ['GET', 'DELETE'] })).toEqual(['GET', 'DELETE']);
  });

  it('refuses unknown methods and an empty list', () => {
    for (const parameters of [
      { httpMethod: 'TRACE' },
      { multipleMethods: true, httpMethods: [] },
      { httpMethod: 'get' },
    ]) {
      expect(() => webhookMethods(parameters)).toThrow(
        expect.objectContaining({ code: 'NODE_PARAMETER_INVALID' }),
      );
    }
  });
});
