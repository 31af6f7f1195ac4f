import { describe, expect, it } from 'vitest';
import { opensslEncrypt } from '../test/openssl-encrypt.js';
import { decodeN8nCredentials, isN8nCredentialExport } from './n8n-credentials.js';

describe('n8n credential exports', () => {
  const data = { name: 'X-API-Key', value: 's3cr3t-value' };

  it('are recognised, and are not confused with workflows', () => {
    expect(isN8nCredentialExport([{ id: '1', name: 'Key', type: 'httpHeaderAuth', data }])).toBe(true);
    expect(isN8nCredentialExport({ name: 'Key', type: 'httpHeaderAuth', data: 'U2FsdGVkX1...' })).toBe(true);
    expect(isN8nCredentialExport({ name: 'W', type: 'x', data, nodes: [] })).toBe(false);
    expect(isN8nCredentialExport([])).toBe(false);
  });

  it('read decrypted exports as they are', () => {
    expect(decodeN8nCredentials([{ name: 'Key', type: 'httpHeaderAuth', data }])).toEqual([
      { name: 'Key', type: 'httpHeaderAuth', data },
    ]);
  });

  it('decrypt encrypted exports with the source instance key', () => {
    const encrypted = opensslEncrypt(JSON.stringify(data), 'instance-key-123');
    const exported = [{ id: 'a1', name: 'Key', type: 'httpHeaderAuth', data: encrypted }];
    expect(decodeN8nCredentials(exported, 'instance-key-123')).toEqual([
      { name: 'Key', type: 'httpHeaderAuth', data },
    ]);
  });

  it('fail clearly without the key or with a wrong one', () => {
    const encrypted = opensslEncrypt(JSON.stringify(data), 'instance-key-123');
    const exported = [{ name: 'Key', type: 'httpHeaderAuth', data: encrypted }];
    expect(() => decodeN8nCredentials(exported)).toThrow(
      expect.objectContaining({
        code: 'IMPORT_CREDENTIALS_KEY_NEEDED',
        message: expect.stringContaining('"Key"'),
      }),
    );
    expect(() => decodeN8nCredentials(exported, 'another-key')).toThrow(
      expect.objectContaining({ code: 'IMPORT_CREDENTIALS_KEY_WRONG' }),
    );
    expect(() => decodeN8nCredentials([{ name: 'Key', type: 'x', data: 'bm90IHNhbHRlZA==' }], 'k')).toThrow(
      expect.objectContaining({ code: 'IMPORT_CREDENTIALS_KEY_WRONG' }),
    );
  });
});
