import { createPrivateKey } from 'node:crypto';
import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isExpression } from './parameter-shapes.js';

const CRYPTO = 'core.crypto';

/** n8n's hash names and the native ones (n8n also offers SHA3, which the native node does not). */
const hashTypes: Record<string, string> = {
  MD5: 'md5',
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
};

function hashType(value: unknown): string {
  const type = hashTypes[String(value).toUpperCase()];
  return type ?? unsupportedVariant(`it uses the ${String(value)} hash, which KlikkFlow does not offer`);
}

/** The key type of a PEM private key written in the node, or undefined when unknown (expression, bad key). */
function keyType(pem: unknown): string | undefined {
  if (typeof pem !== 'string' || isExpression(pem)) return undefined;
  try {
    return createPrivateKey(pem).asymmetricKeyType;
  } catch {
    return undefined;
  }
}

/**
 * n8n signs with any Node.js hash name (`RSA-SHA256`, `sha256`, `ecdsa-with-SHA256`…) and the key decides
 * RSA or ECDSA; the native node names both. An RSA key is assumed when the key is not known here.
 */
function signAlgorithm(algorithm: unknown, pem: unknown): string {
  const bits = /SHA-?(256|384|512)$/i.exec(String(algorithm))?.[1];
  if (!bits)
    return unsupportedVariant(`it signs with "${String(algorithm)}", which KlikkFlow does not offer`);
  const ec = /^ecdsa/i.test(String(algorithm)) || keyType(pem) === 'ec';
  return `${ec ? 'ECDSA' : 'RSA'}-SHA${bits}`;
}

function cryptoToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { action, dataPropertyName, encoding, value } = parameters;
  const credentialSecret = context.typeVersion >= 2 && (action === 'hmac' || action === 'sign');
  if (credentialSecret) unsupportedVariant(`its ${String(action)} key is kept in an n8n Crypto credential`);
  switch (action) {
    case 'generate':
      return {
        action,
        encodingType: parameters.encodingType,
        ...(parameters.encodingType !== 'uuid' && { stringLength: parameters.stringLength }),
        dataPropertyName,
      };
    case 'hash':
    case 'hmac':
      if (parameters.binaryData === true) unsupportedVariant('it hashes binary data; KlikkFlow hashes text');
      return {
        action,
        type: hashType(parameters.type),
        value,
        ...(action === 'hmac' && { secret: parameters.secret }),
        encoding,
        dataPropertyName,
      };
    case 'sign':
      return {
        action,
        algorithm: signAlgorithm(parameters.algorithm, parameters.privateKey),
        value,
        privateKey: parameters.privateKey,
        encoding,
        dataPropertyName,
      };
    default:
      return unsupportedVariant(`it can ${String(action)}, which KlikkFlow's Crypto node cannot`);
  }
}

const shared = {
  action: 'hash',
  value: '',
  encoding: 'hex',
  dataPropertyName: 'data',
  encodingType: 'uuid',
  stringLength: 32,
};

/** n8n → KlikkFlow for Crypto v1 (hash default MD5) and v2 (SHA256; HMAC/sign keys in a credential). */
export const cryptoMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.crypto',
    minVersion: 1,
    maxVersion: 1,
    nativeType: CRYPTO,
    defaults: { ...shared, type: 'MD5' },
    toNative: cryptoToNative,
  },
  {
    n8nType: 'n8n-nodes-base.crypto',
    minVersion: 2,
    maxVersion: 2,
    nativeType: CRYPTO,
    defaults: { ...shared, type: 'SHA256' },
    toNative: cryptoToNative,
  },
];

/** KlikkFlow → n8n: Crypto v1, which keeps HMAC secrets and signing keys in its parameters as the native node does. */
export const cryptoExport: ExportMapping = {
  nativeType: CRYPTO,
  n8nType: 'n8n-nodes-base.crypto',
  typeVersion: 1,
  toN8n: (parameters) => ({
    ...parameters,
    ...(typeof parameters.type === 'string' && { type: parameters.type.toUpperCase() }),
  }),
};
