import { authenticationV1, authenticationV2 } from './http-request-auth.js';
import {
  importedRequestOptions,
  type NameValue,
  pairsFromJson,
  warnFileResponse,
} from './http-request-common.js';
import {
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { listEntries, recordAt, warnIgnoredOptions } from './parameter-shapes.js';

/** v1/v2 send a request for up to an hour when no timeout is set. */
const LEGACY_TIMEOUT_MS = 3_600_000;

/** v1/v2 response formats and their native names. */
const responseFormats: Record<string, string> = { json: 'json', string: 'text', file: 'file' };

/** Methods whose body v1/v2 encode as a form when asked to (others always send JSON). */
const formMethods = new Set(['PATCH', 'POST', 'PUT']);

function uiPairs(parameters: N8nParameters, name: string): NameValue[] {
  return listEntries(parameters[name]).map(({ name: key, value }) => ({ name: key, value }));
}

/** `sendKey:binaryProperty` list of a multipart upload (a bare property sends as `file`). */
function binaryParts(spec: unknown): NameValue[] {
  const parts = String(spec ?? 'data')
    .split(',')
    .map((part) => part.trim());
  return parts.map((part) => {
    const [key, property] = part.includes(':') ? part.split(':') : ['file', part];
    return { parameterType: 'formBinaryData', name: key, value: '', inputDataFieldName: property };
  });
}

/** The native body parameters of a v1/v2 node. */
function body(parameters: N8nParameters, method: string, bodyType: string): NativeParameters {
  if (parameters.jsonParameters !== true) {
    if (parameters.bodyParametersUi === undefined) return { sendBody: false };
    if (bodyType === 'raw') unsupportedVariant('it sends a raw body built from fields');
    const contentType = formMethods.has(method) ? bodyType : 'json';
    return { sendBody: true, contentType, bodyParameters: uiPairs(parameters, 'bodyParametersUi') };
  }
  if (parameters.sendBinaryData === true && formMethods.has(method)) {
    if (bodyType !== 'multipart-form-data')
      unsupportedVariant('it sends binary data as the whole request body');
    return {
      sendBody: true,
      contentType: 'multipart-form-data',
      bodyParameters: binaryParts(parameters.binaryPropertyName),
    };
  }
  const json = parameters.bodyParametersJson;
  if (json === undefined || json === '') return { sendBody: false };
  if (bodyType === 'raw') {
    const rawContentType = recordAt(parameters, 'options').bodyContentCustomMimeType;
    return { sendBody: true, contentType: 'raw', body: json, ...(rawContentType ? { rawContentType } : {}) };
  }
  if (bodyType === 'json' || !formMethods.has(method)) {
    return { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: json };
  }
  return { sendBody: true, contentType: bodyType, bodyParameters: pairsFromJson(json, 'body parameters') };
}

/** Headers of a v1/v2 node, plus a custom body MIME type, which v1/v2 send as the Content-Type header. */
function headers(parameters: N8nParameters, bodyType: string): NameValue[] {
  const list =
    parameters.jsonParameters === true
      ? pairsFromJson(parameters.headerParametersJson, 'headers')
      : uiPairs(parameters, 'headerParametersUi');
  const mimeType = recordAt(parameters, 'options').bodyContentCustomMimeType;
  if (mimeType && bodyType !== 'raw') list.push({ name: 'Content-Type', value: mimeType });
  return list;
}

/** Batching of v1/v2: only when both a batch size (0 counts as 1) and a positive interval are set. */
function batching(options: Record<string, unknown>): NativeParameters | undefined {
  const { batchSize, batchInterval } = options;
  if (
    typeof batchSize !== 'number' ||
    batchSize < 0 ||
    typeof batchInterval !== 'number' ||
    batchInterval <= 0
  ) {
    return undefined;
  }
  return { batch: { batchSize: Math.max(1, batchSize), batchInterval } };
}

/** HTTP Request v1/v2 (`requestMethod`, `…Ui` lists or JSON parameters) → the native (v4-shaped) node. */
function legacyToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const method = String(parameters.requestMethod);
  const options = recordAt(parameters, 'options');
  const bodyType = String(options.bodyContentType ?? 'json');
  const auth =
    context.typeVersion < 2 ? authenticationV1(parameters.authentication) : authenticationV2(parameters);
  const query =
    parameters.jsonParameters === true
      ? pairsFromJson(parameters.queryParametersJson, 'query parameters')
      : uiPairs(parameters, 'queryParametersUi');
  const headerList = headers(parameters, bodyType);
  const format = responseFormats[String(parameters.responseFormat)] ?? 'json';
  warnFileResponse(format, context);
  warnIgnoredOptions(
    { ...options, allowUnauthorizedCerts: parameters.allowUnauthorizedCerts },
    {
      allowUnauthorizedCerts: false,
      proxy: '',
      followRedirect: true,
      followAllRedirects: false,
      useQueryString: false,
    },
    context,
  );
  const batch = batching(options);
  return {
    method,
    url: parameters.url,
    ...auth,
    sendQuery: query.length > 0,
    ...(query.length > 0 && { queryParameters: query }),
    sendHeaders: headerList.length > 0,
    ...(headerList.length > 0 && { headerParameters: headerList }),
    ...body(parameters, method, bodyType),
    options: {
      response: {
        response: {
          responseFormat: format,
          outputPropertyName: parameters.dataPropertyName,
          fullResponse: options.fullResponse === true,
          neverError: options.ignoreResponseCode === true,
        },
      },
      ...importedRequestOptions(typeof options.timeout === 'number' ? options.timeout : LEGACY_TIMEOUT_MS),
      ...(batch && { batching: batch }),
    },
  };
}

/** n8n → KlikkFlow for HTTP Request v1 and v2, whose parameters predate the v3+ shape. */
export const httpRequestV1Mapping: NodeMapping = {
  n8nType: 'n8n-nodes-base.httpRequest',
  minVersion: 1,
  maxVersion: 2,
  nativeType: 'core.httpRequest',
  defaults: {
    requestMethod: 'GET',
    url: '',
    responseFormat: 'json',
    dataPropertyName: 'data',
    jsonParameters: false,
    binaryPropertyName: 'data',
    options: {},
  },
  toNative: legacyToNative,
};
