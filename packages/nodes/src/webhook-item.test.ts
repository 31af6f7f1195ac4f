import { describe, expect, it } from 'vitest';
import { parseWebhookBody, webhookItem } from './webhook-item.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('webhookItem', () => {
  it('builds n8n’s {headers, params, query, body} with lower-case header names', () => {
    const item = webhookItem({
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Id': '7' },
      params: { id: '42' },
      query: { tag: ['a', 'b'], q: 'x' },
      rawBody: bytes('{"order":42}'),
    });
    expect(item).toEqual({
      json: {
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-id': '7' },
        params: { id: '42' },
        query: { tag: ['a', 'b'], q: 'x' },
        body: { order: 42 },
      },
    });
  });

  it('drops a header named __proto__ instead of letting it touch the headers object', () => {
    const headers = JSON.parse('{"__proto__":"x","X-Real":"1"}') as Record<string, string>;
    const item = webhookItem({ headers, rawBody: bytes('') });
    const received = item.json.headers as Record<string, unknown>;
    expect(Object.keys(received)).toEqual(['x-real']);
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
  });

  it('adds a verified JWT payload and stored binary, and defaults params and query', () => {
    const binary = { data: { id: 'blob-1', mimeType: 'image/png', fileSize: 3 } };
    const item = webhookItem({
      headers: { 'content-type': 'image/png' },
      rawBody: new Uint8Array([1, 2, 3]),
      binary,
      jwtPayload: { sub: 'svc' },
    });
    expect(item).toEqual({
      json: {
        headers: { 'content-type': 'image/png' },
        params: {},
        query: {},
        body: {},
        jwtPayload: { sub: 'svc' },
      },
      binary,
    });
  });
});

describe('parseWebhookBody', () => {
  it('parses JSON (also +json types), forms with repeated fields, text and XML', () => {
    expect(parseWebhookBody(bytes('[1,2]'), 'application/vnd.api+json')).toEqual([1, 2]);
    expect(parseWebhookBody(bytes('a=1&b=x+y&a=2&a=3'), 'application/x-www-form-urlencoded')).toEqual({
      a: ['1', '2', '3'],
      b: 'x y',
    });
    expect(parseWebhookBody(bytes('héllo'), 'text/plain; charset=utf-8')).toBe('héllo');
    expect(parseWebhookBody(bytes('<a/>'), 'application/soap+xml')).toBe('<a/>');
  });

  it('gives {} for an empty body and undefined for binary types', () => {
    expect(parseWebhookBody(new Uint8Array(), 'application/json')).toEqual({});
    expect(parseWebhookBody(bytes('%PDF'), 'application/pdf')).toBeUndefined();
    expect(parseWebhookBody(bytes('raw'), undefined)).toBeUndefined();
  });

  it('refuses malformed JSON with WEBHOOK_BODY_INVALID', () => {
    expect(() => parseWebhookBody(bytes('{"a":'), 'application/json')).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_BODY_INVALID' }),
    );
  });
});
