import { generateKeyPairSync, verify } from 'node:crypto';
import { runNode, runNodeExpectingError } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { cryptoNode } from './crypto.node.js';

const first = async (parameters: Record<string, unknown>, items: unknown[] = [{ keep: 1 }]) =>
  (await runNode(cryptoNode, { items, parameters })).outputs[0]?.[0];
const result = async (parameters: Record<string, unknown>) => (await first(parameters))?.json.data;
const pem = (type: 'rsa' | 'ec') =>
  type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 1024 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('core.crypto', () => {
  it('hashes with md5 into data by default, keeping the item fields, binary and pairing', async () => {
    const binary = { file: { id: 'b', mimeType: 'text/plain' } };
    const { outputs } = await runNode(cryptoNode, {
      inputs: [[{ json: { keep: 1 }, binary }]],
      parameters: { value: 'abc' },
    });
    expect(outputs[0]).toEqual([
      { json: { keep: 1, data: '900150983cd24fb0d6963f7d28e17f72' }, binary, pairedItem: { item: 0 } },
    ]);
  });

  it.each([
    ['sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['SHA256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'sha384',
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    ],
    [
      'sha512',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
  ])('hashes "abc" with %s', async (type, digest) => {
    expect(await result({ action: 'hash', type, value: 'abc' })).toBe(digest);
  });

  it('writes base64 into a nested property, and hashes numbers and objects as text', async () => {
    const out = await first({
      type: 'sha256',
      value: 'abc',
      encoding: 'base64',
      dataPropertyName: 'hash.value',
    });
    expect(out?.json).toEqual({ keep: 1, hash: { value: 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=' } });
    expect(await result({ value: 123 })).toBe(await result({ value: '123' }));
    expect(await result({ value: { a: 1 } })).toBe(await result({ value: '{"a":1}' }));
  });

  it('computes HMACs (RFC test vector) in hex and base64', async () => {
    const value = 'The quick brown fox jumps over the lazy dog';
    expect(await result({ action: 'hmac', type: 'sha256', secret: 'key', value })).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(await result({ action: 'hmac', secret: 'key', value, encoding: 'base64' })).toBe(
      'gAcHE0Y+d0m5DC3CSRHidQ==',
    );
  });

  it.each([
    ['RSA-SHA256', 'rsa', 'sha256'],
    ['RSA-SHA384', 'rsa', 'sha384'],
    ['RSA-SHA512', 'rsa', 'sha512'],
    ['ECDSA-SHA256', 'ec', 'sha256'],
    ['ECDSA-SHA384', 'ec', 'sha384'],
    ['ECDSA-SHA512', 'ec', 'sha512'],
  ] as const)('signs with %s so the public key verifies it', async (algorithm, keyType, digest) => {
    const keys = pem(keyType);
    const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const encoding of ['hex', 'base64'] as const) {
      const signature = await result({ action: 'sign', algorithm, privateKey, value: 'payload', encoding });
      const bytes = Buffer.from(String(signature), encoding);
      expect(verify(digest, Buffer.from('payload'), keys.publicKey, bytes)).toBe(true);
      expect(verify(digest, Buffer.from('other'), keys.publicKey, bytes)).toBe(false);
    }
  });

  it('generates UUIDs by default and random strings of each kind and length', async () => {
    const uuid = String(await result({ action: 'generate' }));
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await result({ action: 'generate' })).not.toBe(uuid);
    const generated = async (encodingType: string, stringLength?: number) =>
      String(await result({ action: 'generate', encodingType, stringLength }));
    expect(await generated('hex', 7)).toMatch(/^[0-9a-f]{7}$/);
    expect(await generated('base64', 10)).toMatch(/^[A-Za-z0-9+/]{10}$/);
    expect(await generated('ascii', 50)).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(await generated('hex')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('names the parameter and item of bad input', async () => {
    const fail = async (parameters: Record<string, unknown>) => {
      const error = await runNodeExpectingError(cryptoNode, {
        items: [{}, {}],
        parameters: (i) => (i === 1 ? parameters : {}),
      });
      expect(error.code).toBe('NODE_PARAMETER_INVALID');
      return error.message;
    };
    expect(await fail({ action: 'encrypt' })).toBe(
      '"action" (item 1) must be one of hash, hmac, sign, generate, not "encrypt"',
    );
    expect(await fail({ type: 'crc32' })).toBe(
      '"type" (item 1) must be one of md5, sha1, sha256, sha384, sha512, not "crc32"',
    );
    expect(await fail({ encoding: 'utf8' })).toBe(
      '"encoding" (item 1) must be one of hex, base64, not "utf8"',
    );
    expect(await fail({ value: null })).toBe('"value" (item 1) must be text');
    expect(await fail({ action: 'hmac' })).toBe('"secret" (item 1) is empty');
    expect(await fail({ dataPropertyName: ' ' })).toBe('"dataPropertyName" (item 1) is empty');
    expect(await fail({ action: 'sign', privateKey: 'nope' })).toBe(
      '"privateKey" (item 1) is not a valid PEM private key',
    );
    const ec = pem('ec').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(await fail({ action: 'sign', privateKey: ec })).toBe(
      '"privateKey" (item 1) has key type ec but RSA-SHA256 needs an RSA key',
    );
    expect(await fail({ action: 'sign', privateKey: ec, algorithm: 'DSA' })).toContain(
      '"algorithm" (item 1)',
    );
    expect(await fail({ action: 'generate', encodingType: 'hex', stringLength: 0 })).toBe(
      '"stringLength" (item 1) must be a whole number of at least 1, not 0',
    );
    expect(await fail({ action: 'generate', encodingType: 'hex', stringLength: 65537 })).toBe(
      '"stringLength" (item 1) must be at most 65536',
    );
    expect(await fail({ action: 'generate', encodingType: 'binary' })).toContain('"encodingType" (item 1)');
  });
});
