import { createHash, createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { cryptoNode } from '@klikkflow/nodes';
import { jsonOf, runNode } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { exportNativeNode, mapN8nNode } from '../../test/mapping-harness.js';
import { cryptoExport, cryptoMappings } from './crypto.mapping.js';
import { UnsupportedVariantError } from './node-mapping.types.js';

async function run(version: number, parameters: Record<string, unknown>) {
  const { parameters: native } = mapN8nNode(cryptoMappings, 'n8n-nodes-base.crypto', version, parameters);
  const { outputs } = await runNode(cryptoNode, { parameters: native, items: [{ name: 'Ada' }] });
  return jsonOf(outputs[0])[0] as Record<string, string>;
}

describe('Crypto', () => {
  it('v1 hashes with MD5 in hex by default, v2 with SHA256', async () => {
    expect(await run(1, { value: 'ada', dataPropertyName: 'hash' })).toEqual({
      name: 'Ada',
      hash: createHash('md5').update('ada').digest('hex'),
    });
    expect((await run(2, { value: 'ada' })).data).toBe(createHash('sha256').update('ada').digest('hex'));
  });

  it('v1 computes an HMAC with the secret in its parameters, in base64', async () => {
    const out = await run(1, {
      action: 'hmac',
      type: 'SHA256',
      value: 'payload',
      secret: 'k',
      encoding: 'base64',
    });
    expect(out.data).toBe(createHmac('sha256', 'k').update('payload').digest('base64'));
  });

  it('v1 signs with a key whose type decides RSA or ECDSA', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const mapped = mapN8nNode(cryptoMappings, 'n8n-nodes-base.crypto', 1, {
      action: 'sign',
      algorithm: 'sha256',
      value: 'msg',
      privateKey: pem,
    });
    expect(mapped.parameters.algorithm).toBe('ECDSA-SHA256');
    const out = await run(1, { action: 'sign', algorithm: 'sha256', value: 'msg', privateKey: pem });
    expect(verify('sha256', Buffer.from('msg'), publicKey, Buffer.from(out.data ?? '', 'hex'))).toBe(true);
  });

  it('generates UUIDs and random strings of a length', async () => {
    expect((await run(1, { action: 'generate', dataPropertyName: 'uuid' })).uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await run(2, { action: 'generate', encodingType: 'hex', stringLength: 10 })).data).toMatch(
      /^[0-9a-f]{10}$/,
    );
  });

  it('refuses what KlikkFlow cannot do: binary input, SHA3, keys in a credential, encryption', () => {
    const map = (version: number, parameters: Record<string, unknown>) =>
      mapN8nNode(cryptoMappings, 'n8n-nodes-base.crypto', version, parameters);
    expect(() => map(1, { binaryData: true, binaryPropertyName: 'data' })).toThrow(UnsupportedVariantError);
    expect(() => map(1, { type: 'SHA3-256', value: 'x' })).toThrow(
      new UnsupportedVariantError('it uses the SHA3-256 hash, which KlikkFlow does not offer'),
    );
    expect(() => map(2, { action: 'hmac', type: 'SHA256', dataPropertyName: 'expected_signature' })).toThrow(
      new UnsupportedVariantError('its hmac key is kept in an n8n Crypto credential'),
    );
    expect(() => map(2, { action: 'encrypt' })).toThrow(UnsupportedVariantError);
  });

  it('exports as Crypto v1 with n8n’s hash names', () => {
    const n8n = {
      action: 'hmac',
      type: 'SHA512',
      value: 'v',
      secret: 's',
      encoding: 'hex',
      dataPropertyName: 'sig',
    };
    const native = mapN8nNode(cryptoMappings, 'n8n-nodes-base.crypto', 1, n8n).parameters;
    expect(exportNativeNode([cryptoExport], 'core.crypto', native)).toEqual({
      n8nType: 'n8n-nodes-base.crypto',
      typeVersion: 1,
      parameters: n8n,
    });
  });
});
