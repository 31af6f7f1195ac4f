import type { Item } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { buildWebhookNodeResponse, buildWebhookResponse } from './webhook-response.js';

const json = 'application/json; charset=utf-8';
const pdf = { id: 'blob-pdf', mimeType: 'application/pdf', fileName: 'a.pdf' };
const png = { id: 'blob-png', mimeType: 'image/png' };
const items: Item[] = [{ json: { id: 1 }, binary: { file: pdf, thumb: png } }, { json: { id: 2 } }];

describe('buildWebhookResponse', () => {
  it('firstIncomingItem: the first item’s JSON (default mode), {} without items', () => {
    expect(buildWebhookResponse({}, items)).toEqual({
      status: 200,
      headers: { 'Content-Type': json },
      body: '{"id":1}',
    });
    expect(buildWebhookResponse({ respondWith: 'firstIncomingItem' }, []).body).toBe('{}');
  });

  it('allIncomingItems: a list of every item’s JSON, optionally under a key', () => {
    expect(buildWebhookResponse({ respondWith: 'allIncomingItems' }, items).body).toBe('[{"id":1},{"id":2}]');
    const wrapped = buildWebhookResponse(
      { respondWith: 'allIncomingItems', options: { responseKey: 'data' } },
      items,
    );
    expect(wrapped.body).toBe('{"data":[{"id":1},{"id":2}]}');
  });

  it('json: the response body parsed from text or taken as an object', () => {
    expect(buildWebhookResponse({ respondWith: 'json', responseBody: '{ "ok" : true }' }, items)).toEqual({
      status: 200,
      headers: { 'Content-Type': json },
      body: '{"ok":true}',
    });
    expect(buildWebhookResponse({ respondWith: 'json', responseBody: { ok: 1 } }, items).body).toBe(
      '{"ok":1}',
    );
    expect(() => buildWebhookResponse({ respondWith: 'json', responseBody: '{ok' }, items)).toThrow(
      expect.objectContaining({
        code: 'NODE_PARAMETER_INVALID',
        message: '"Response Body" is not valid JSON',
      }),
    );
  });

  it('text: sent as text/plain unless a Content-Type header overrides it', () => {
    expect(buildWebhookResponse({ respondWith: 'text', responseBody: '<b>hi</b>' }, items)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '<b>hi</b>',
    });
    const html = buildWebhookResponse(
      {
        respondWith: 'text',
        responseBody: '<b>hi</b>',
        options: { responseHeaders: [{ name: 'content-type', value: 'text/html' }] },
      },
      items,
    );
    expect(html.headers).toEqual({ 'content-type': 'text/html' });
  });

  it('binary: the first binary field or the named one, as a reference for the server', () => {
    expect(buildWebhookResponse({ respondWith: 'binary' }, items)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/pdf' },
      body: null,
      binaryRef: pdf,
    });
    const named = buildWebhookResponse(
      { respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'thumb' },
      items,
    );
    expect(named.binaryRef).toEqual(png);
    expect(named.headers['Content-Type']).toBe('image/png');
  });

  it('binary: fails with NODE_BINARY_MISSING when there is nothing to send', () => {
    const missing = { respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'nope' };
    expect(() => buildWebhookResponse(missing, items)).toThrow(
      expect.objectContaining({ code: 'NODE_BINARY_MISSING', message: expect.stringContaining('"nope"') }),
    );
    expect(() => buildWebhookResponse({ respondWith: 'binary' }, [{ json: {} }])).toThrow(
      expect.objectContaining({ code: 'NODE_BINARY_MISSING' }),
    );
  });

  it('noData: only status and headers', () => {
    const response = buildWebhookResponse({ respondWith: 'noData', options: { responseCode: 204 } }, items);
    expect(response).toEqual({ status: 204, headers: {}, body: null });
  });

  it('redirect: Location with 307, or the given 3xx code', () => {
    expect(
      buildWebhookResponse({ respondWith: 'redirect', redirectURL: 'https://example.com/thanks' }, items),
    ).toEqual({
      status: 307,
      headers: { Location: 'https://example.com/thanks' },
      body: null,
    });
    const moved = buildWebhookResponse(
      { respondWith: 'redirect', redirectURL: '/done', options: { responseCode: 302 } },
      items,
    );
    expect(moved.status).toBe(302);
    expect(moved.headers.Location).toBe('/done');
  });

  it('redirect: refuses script, protocol-relative and header-splitting targets', () => {
    for (const redirectURL of [
      'javascript:alert(1)',
      '//evil.example',
      'https://a.example/\r\nSet-Cookie: x',
      '',
    ]) {
      expect(() => buildWebhookResponse({ respondWith: 'redirect', redirectURL }, items)).toThrow(
        expect.objectContaining({ code: 'NODE_PARAMETER_INVALID' }),
      );
    }
  });

  it('applies the response code and custom headers (list or n8n’s entries wrapper)', () => {
    const options = { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Trace', value: 7 }] } };
    expect(buildWebhookResponse({ options }, items)).toEqual({
      status: 201,
      headers: { 'Content-Type': json, 'X-Trace': '7' },
      body: '{"id":1}',
    });
  });

  it('refuses bad response codes, header names, header values with newlines and unknown modes', () => {
    const bad = [
      { options: { responseCode: 99 } },
      { options: { responseCode: 200.5 } },
      { options: { responseHeaders: [{ name: 'Bad Name', value: 'x' }] } },
      { options: { responseHeaders: [{ name: 'X-Ok', value: 'a\r\nSet-Cookie: s=1' }] } },
      { respondWith: 'jwt' },
    ];
    for (const parameters of bad) {
      expect(() => buildWebhookResponse(parameters, items)).toThrow(
        expect.objectContaining({ code: 'NODE_PARAMETER_INVALID' }),
      );
    }
  });
});

describe('buildWebhookNodeResponse', () => {
  it('onReceived: n8n’s "Workflow was started" with the response code', () => {
    expect(buildWebhookNodeResponse({ responseCode: 202 }, [])).toEqual({
      status: 202,
      headers: { 'Content-Type': json },
      body: '{"message":"Workflow was started"}',
    });
  });

  it('lastNode: first entry JSON, all entries, no data or the first entry’s binary field', () => {
    const lastNode = (responseData?: string, extra = {}) =>
      buildWebhookNodeResponse({ responseMode: 'lastNode', responseData, ...extra }, items);
    expect(lastNode()?.body).toBe('{"id":1}');
    expect(lastNode('allEntries')?.body).toBe('[{"id":1},{"id":2}]');
    expect(lastNode('noData')).toEqual({ status: 200, headers: {}, body: null });
    expect(lastNode('firstEntryBinary', { responseBinaryPropertyName: 'thumb' })?.binaryRef).toEqual(png);
    expect(() => lastNode('firstEntryBinary')).toThrow(
      expect.objectContaining({ code: 'NODE_BINARY_MISSING' }),
    );
  });

  it('responseNode: null, the Respond to Webhook node answers; unknown modes are refused', () => {
    expect(buildWebhookNodeResponse({ responseMode: 'responseNode' }, items)).toBeNull();
    expect(() => buildWebhookNodeResponse({ responseMode: 'later' }, items)).toThrow(
      expect.objectContaining({ code: 'NODE_PARAMETER_INVALID' }),
    );
  });
});
