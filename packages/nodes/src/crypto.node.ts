import {
  createHash,
  createHmac,
  createPrivateKey,
  type KeyObject,
  randomBytes,
  randomInt,
  randomUUID,
  sign,
} from 'node:crypto';
import { defineNode, derivedItem, type NodeExecutionContext } from '@klikkflow/plugin-sdk';
import type { PropertySpec } from '@klikkflow/types';
import { choice, wholeNumber } from './shared/choice.js';
import { setField } from './shared/field-path.js';
import { invalidParameter } from './shared/parameter-error.js';

type Action = 'hash' | 'hmac' | 'sign' | 'generate';
type HashType = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
type SignAlgorithm =
  | 'RSA-SHA256'
  | 'RSA-SHA384'
  | 'RSA-SHA512'
  | 'ECDSA-SHA256'
  | 'ECDSA-SHA384'
  | 'ECDSA-SHA512';
type GenerateType = 'uuid' | 'hex' | 'base64' | 'ascii';

const hashTypes: readonly HashType[] = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];
const signAlgorithms: readonly SignAlgorithm[] = [
  'RSA-SHA256',
  'RSA-SHA384',
  'RSA-SHA512',
  'ECDSA-SHA256',
  'ECDSA-SHA384',
  'ECDSA-SHA512',
];
const show = (...action: Action[]) => ({ show: { action } });

const properties: PropertySpec[] = [
  {
    name: 'action',
    displayName: 'Action',
    type: 'options',
    default: 'hash',
    description: 'What to compute',
    options: [
      { name: 'Hash', value: 'hash', description: 'Digest of a text' },
      { name: 'Hmac', value: 'hmac', description: 'Keyed digest of a text' },
      { name: 'Sign', value: 'sign', description: 'Signature of a text with a private key' },
      { name: 'Generate', value: 'generate', description: 'A UUID or a random string' },
    ],
  },
  {
    name: 'type',
    displayName: 'Type',
    type: 'options',
    default: 'md5',
    description: 'Hash function',
    options: hashTypes.map((type) => ({ name: type.toUpperCase(), value: type })),
    displayOptions: show('hash', 'hmac'),
  },
  {
    name: 'value',
    displayName: 'Value',
    type: 'string',
    default: '',
    description: 'Text to hash or sign',
    displayOptions: show('hash', 'hmac', 'sign'),
  },
  {
    name: 'secret',
    displayName: 'Secret',
    type: 'string',
    default: '',
    description: 'Key of the HMAC',
    typeOptions: { password: true },
    displayOptions: show('hmac'),
  },
  {
    name: 'algorithm',
    displayName: 'Algorithm',
    type: 'options',
    default: 'RSA-SHA256',
    description: 'Signature algorithm; it must fit the private key',
    options: signAlgorithms.map((algorithm) => ({ name: algorithm, value: algorithm })),
    displayOptions: show('sign'),
  },
  {
    name: 'privateKey',
    displayName: 'Private Key',
    type: 'string',
    default: '',
    description: 'PEM private key (RSA or EC) that signs the value',
    typeOptions: { password: true, rows: 4 },
    displayOptions: show('sign'),
  },
  {
    name: 'encoding',
    displayName: 'Encoding',
    type: 'options',
    default: 'hex',
    description: 'How the digest or signature is written',
    options: [
      { name: 'Hex', value: 'hex' },
      { name: 'Base64', value: 'base64' },
    ],
    displayOptions: show('hash', 'hmac', 'sign'),
  },
  {
    name: 'encodingType',
    displayName: 'Type',
    type: 'options',
    default: 'uuid',
    description: 'What to generate',
    options: [
      { name: 'UUID', value: 'uuid', description: 'A random version 4 UUID' },
      { name: 'Hex', value: 'hex', description: 'Random hexadecimal characters' },
      { name: 'Base64', value: 'base64', description: 'Random base64 characters' },
      { name: 'ASCII', value: 'ascii', description: 'Random letters and digits' },
    ],
    displayOptions: show('generate'),
  },
  {
    name: 'stringLength',
    displayName: 'Length',
    type: 'number',
    default: 32,
    description: 'Number of characters of the random string',
    typeOptions: { minValue: 1, maxValue: 65536 },
    displayOptions: { show: { action: ['generate'], encodingType: ['hex', 'base64', 'ascii'] } },
  },
  {
    name: 'dataPropertyName',
    displayName: 'Property Name',
    type: 'string',
    default: 'data',
    description: 'Field that receives the result; dots create nested objects',
  },
];

const asciiAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(type: Exclude<GenerateType, 'uuid'>, length: number): string {
  if (type === 'ascii')
    return Array.from({ length }, () => asciiAlphabet[randomInt(asciiAlphabet.length)]).join('');
  // Each alphabet character carries a fixed number of bits; enough random bytes, then cut to length.
  const bytes = type === 'hex' ? Math.ceil(length / 2) : Math.ceil((length * 3) / 4);
  return randomBytes(bytes).toString(type).slice(0, length);
}

function text(ctx: NodeExecutionContext, name: string, itemIndex: number): string {
  const value = ctx.getParameter<unknown>(name, itemIndex, '');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Objects are hashed as their JSON so an expression returning an object still gives a stable digest.
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  throw invalidParameter(`"${name}" (item ${itemIndex}) must be text`, { parameter: name, itemIndex });
}

function privateKey(pem: string, algorithm: SignAlgorithm, itemIndex: number): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw invalidParameter(`"privateKey" (item ${itemIndex}) is not a valid PEM private key`, {
      parameter: 'privateKey',
      itemIndex,
    });
  }
  const wanted = algorithm.startsWith('RSA') ? 'rsa' : 'ec';
  if (key.asymmetricKeyType !== wanted) {
    throw invalidParameter(
      `"privateKey" (item ${itemIndex}) has key type ${key.asymmetricKeyType ?? 'unknown'} but ${algorithm} needs an ${wanted.toUpperCase()} key`,
      { parameter: 'privateKey', itemIndex },
    );
  }
  return key;
}

function compute(ctx: NodeExecutionContext, action: Action, itemIndex: number): string {
  const encoding = (): 'hex' | 'base64' =>
    choice(ctx.getParameter('encoding', itemIndex), ['hex', 'base64'], 'encoding', itemIndex);
  const hashType = (): HashType =>
    choice(String(ctx.getParameter('type', itemIndex)).toLowerCase(), hashTypes, 'type', itemIndex);
  switch (action) {
    case 'hash':
      return createHash(hashType())
        .update(text(ctx, 'value', itemIndex))
        .digest(encoding());
    case 'hmac': {
      const secret = text(ctx, 'secret', itemIndex);
      if (secret === '')
        throw invalidParameter(`"secret" (item ${itemIndex}) is empty`, { parameter: 'secret', itemIndex });
      return createHmac(hashType(), secret)
        .update(text(ctx, 'value', itemIndex))
        .digest(encoding());
    }
    case 'sign': {
      const algorithm = choice(
        ctx.getParameter('algorithm', itemIndex),
        signAlgorithms,
        'algorithm',
        itemIndex,
      );
      const key = privateKey(text(ctx, 'privateKey', itemIndex), algorithm, itemIndex);
      const digest = algorithm.split('-')[1]?.toLowerCase() ?? 'sha256';
      return sign(digest, Buffer.from(text(ctx, 'value', itemIndex)), key).toString(encoding());
    }
    case 'generate': {
      const type = choice<GenerateType>(
        ctx.getParameter('encodingType', itemIndex),
        ['uuid', 'hex', 'base64', 'ascii'],
        'encodingType',
        itemIndex,
      );
      if (type === 'uuid') return randomUUID();
      const length = wholeNumber(
        ctx.getParameter('stringLength', itemIndex, 32),
        'stringLength',
        1,
        itemIndex,
      );
      if (length > 65536) {
        throw invalidParameter(`"stringLength" (item ${itemIndex}) must be at most 65536`, {
          parameter: 'stringLength',
          itemIndex,
        });
      }
      return randomString(type, length);
    }
  }
}

/** Crypto: hashes, HMACs or signs a text, or generates a UUID or random string, per item. */
export const cryptoNode = defineNode({
  type: 'core.crypto',
  version: 1,
  displayName: 'Crypto',
  description: 'Hashes, signs or generates random values',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties,
  async execute(ctx, inputs) {
    return [
      (inputs[0] ?? []).map((item, itemIndex) => {
        const action = choice<Action>(
          ctx.getParameter('action', itemIndex),
          ['hash', 'hmac', 'sign', 'generate'],
          'action',
          itemIndex,
        );
        const field = ctx.getParameter<unknown>('dataPropertyName', itemIndex, 'data');
        if (typeof field !== 'string' || field.trim() === '') {
          throw invalidParameter(`"dataPropertyName" (item ${itemIndex}) is empty`, {
            parameter: 'dataPropertyName',
            itemIndex,
          });
        }
        const json = { ...item.json };
        setField(json, field.trim(), compute(ctx, action, itemIndex));
        return derivedItem(item, itemIndex, json);
      }),
    ];
  },
});
