import { describe, expect, it } from 'vitest';
import { httpRequestNode } from '../http-request.node.js';
import { builtinCredentials } from '../index.js';

/** n8n's field names per service credential type; secret ones are marked with a trailing `*`. */
const expectedFields: Record<string, string[]> = {
  airtableTokenApi: ['accessToken*'],
  anthropicApi: ['apiKey*', 'url', 'header', 'headerName', 'headerValue*'],
  cloudflareApi: ['apiToken*'],
  erpNextApi: ['apiKey*', 'apiSecret*', 'environment', 'subdomain', 'domain', 'allowUnauthorizedCerts'],
  googlePalmApi: ['host', 'apiKey*'],
  hubspotAppToken: ['appToken*'],
  lemlistApi: ['apiKey*'],
  mistralCloudApi: ['apiKey*'],
  notionApi: ['apiKey*'],
  openAiApi: ['apiKey*', 'organizationId', 'url', 'header', 'headerName', 'headerValue*'],
  qdrantApi: ['apiKey*', 'qdrantUrl'],
  serpApi: ['apiKey*'],
  slackApi: ['accessToken*', 'signatureSecret*'],
  supabaseApi: ['host', 'serviceRole*'],
  whatsAppApi: ['accessToken*', 'businessAccountId'],
  wooCommerceApi: ['consumerKey*', 'consumerSecret*', 'url', 'includeCredentialsInQuery'],
  wordpressApi: ['username', 'password*', 'url', 'allowUnauthorizedCerts'],
};

describe('service credential types', () => {
  it('name the secrets they build from several fields, so the server scrubs those too', () => {
    const derived = (type: string, data: Record<string, unknown>) =>
      builtinCredentials.find((credential) => credential.name === type)?.derivedSecrets?.(data);
    expect(derived('httpBasicAuth', { user: 'ada', password: 'pw-4711' })).toEqual(['ada:pw-4711']);
    expect(derived('wordpressApi', { username: 'ada', password: 'app-pass-1' })).toEqual(['ada:app-pass-1']);
    expect(derived('erpNextApi', { apiKey: 'key-1', apiSecret: 'secret-2' })).toEqual([
      'token key-1:secret-2',
    ]);
    expect(derived('wooCommerceApi', { consumerKey: 'ck', consumerSecret: 'cs' })).toEqual(['ck:cs']);
    expect(
      derived('wooCommerceApi', { consumerKey: 'ck', consumerSecret: 'cs', includeCredentialsInQuery: true }),
    ).toEqual([]);
    expect(derived('openAiApi', { apiKey: 'sk-1' })).toEqual([]);
  });

  it('are in the credential registry with n8n’s field names, secret fields marked as passwords', () => {
    for (const [type, fields] of Object.entries(expectedFields)) {
      const definition = builtinCredentials.find((credential) => credential.name === type);
      expect(definition, type).toBeDefined();
      const shown = definition?.properties.map(
        (property) => `${property.name}${property.typeOptions?.password === true ? '*' : ''}`,
      );
      expect(shown, type).toEqual(fields);
      for (const property of definition?.properties ?? []) {
        expect(property.description, `${type}.${property.name}`).toBeTruthy();
      }
    }
  });

  it('keep the generic and webhook types, each name once', () => {
    const names = builtinCredentials.map((credential) => credential.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['httpBasicAuth', 'httpHeaderAuth', 'oAuth2Api', 'webhookHmacAuth', 'jwtAuth']),
    );
  });

  it('are declared by the HTTP Request node and offered as its predefined credential types', () => {
    const declared = httpRequestNode.credentials?.map((credential) => credential.type) ?? [];
    expect(declared).toEqual(expect.arrayContaining(Object.keys(expectedFields)));
    const choices = httpRequestNode.properties
      .find((property) => property.name === 'nodeCredentialType')
      ?.options?.map((option) => option.value);
    expect(choices?.slice().sort()).toEqual(Object.keys(expectedFields).sort());
  });
});
