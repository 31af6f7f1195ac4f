import { authenticationV2 } from './http-request-auth.js';
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
import { isExpression, isRecord, listEntries, recordAt, warnIgnoredOptions } from './parameter-shapes.js';

/** v3+ wait up to five minutes for an answer when no timeout is set. */
export const N8N_TIMEOUT_MS = 300_000;

/** n8n fetches pages without limit unless "Limit Pages Fetched" is on. */
export const UNLIMITED_PAGES = Number.MAX_SAFE_INTEGER;

/** The content type of a form sent as one urlencoded string. */
export const FORM_URLENCODED = 'application/x-www-form-urlencoded';

/** Before 4.3 a repeated query name keeps only its last value (at the place of its first). */
function lastValuePerName(list: NameValue[]): NameValue[] {
  const byName = new Map<unknown, NameValue>();
  const out: NameValue[] = [];
  for (const entry of list) {
    const earlier = isExpression(entry.name) ? undefined : byName.get(entry.name);
    if (earlier) {
      earlier.value = entry.value;
      continue;
    }
    const copy = { ...entry };
    byName.set(entry.name, copy);
    out.push(copy);
  }
  return out;
}

function query(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.sendQuery !== true) return { sendQuery: false };
  const list =
    parameters.specifyQuery === 'json'
      ? pairsFromJson(parameters.jsonQuery, 'query parameters')
      : (listEntries(parameters.queryParameters) as NameValue[]);
  return { sendQuery: true, queryParameters: context.typeVersion < 4.3 ? lastValuePerName(list) : list };
}

function headers(parameters: N8nParameters): NativeParameters {
  if (parameters.sendHeaders !== true) return { sendHeaders: false };
  const list =
    parameters.specifyHeaders === 'json'
      ? pairsFromJson(parameters.jsonHeaders, 'headers')
      : listEntries(parameters.headerParameters);
  return { sendHeaders: true, headerParameters: list };
}

function body(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.sendBody !== true) return { sendBody: false };
  const fields = listEntries(parameters.bodyParameters);
  switch (parameters.contentType) {
    case 'binaryData':
      return unsupportedVariant('it sends a binary file as the whole request body');
    case 'raw':
      return {
        sendBody: true,
        contentType: 'raw',
        rawContentType: parameters.rawContentType,
        body: parameters.body,
      };
    case 'form-urlencoded':
      // One urlencoded string is the same request as a raw body of that content type.
      if (parameters.specifyBody === 'string') {
        return { sendBody: true, contentType: 'raw', rawContentType: FORM_URLENCODED, body: parameters.body };
      }
      return { sendBody: true, contentType: 'form-urlencoded', bodyParameters: fields };
    case 'multipart-form-data':
      // n8n skips a file field that names no binary property.
      return {
        sendBody: true,
        contentType: 'multipart-form-data',
        bodyParameters: fields.filter(
          (field) => field.parameterType !== 'formBinaryData' || field.inputDataFieldName,
        ),
      };
    default:
      if (parameters.specifyBody === 'json') {
        return { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: parameters.jsonBody };
      }
      if (context.typeVersion >= 4 && fields.some((field) => /[.[]/.test(String(field.name)))) {
        context.warn(
          'body field names with "." or "[" build nested objects in n8n; KlikkFlow sends them as plain names',
        );
      }
      return { sendBody: true, contentType: 'json', specifyBody: 'keypair', bodyParameters: fields };
  }
}

/** n8n's pagination with its defaults made explicit, or undefined when it is off. */
function pagination(value: unknown): NativeParameters | undefined {
  if (!isRecord(value)) return undefined;
  const { limitPagesFetched, maxRequests, ...settings } = recordAt(value, 'pagination');
  const mode = settings.paginationMode ?? 'updateAParameterInEachRequest';
  if (mode === 'off') return undefined;
  return {
    pagination: {
      ...settings,
      paginationMode: mode,
      maxRequests: limitPagesFetched === true ? (maxRequests ?? 100) : UNLIMITED_PAGES,
    },
  };
}

function redirectWarning(options: Record<string, unknown>, context: MappingContext): void {
  const follow = recordAt(recordAt(options, 'redirect'), 'redirect').followRedirects;
  // v3 follows no redirect unless asked to; v4+ follows them unless told not to.
  if (follow === false || (context.typeVersion < 4 && follow !== true)) {
    context.warn('KlikkFlow follows redirects; n8n did not follow them for this node');
  }
}

function options(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const all = recordAt(parameters, 'options');
  const { response, batching, timeout } = all;
  warnFileResponse(recordAt(recordAt(all, 'response'), 'response').responseFormat, context);
  redirectWarning(all, context);
  warnIgnoredOptions(
    { ...all, provideSslCertificates: parameters.provideSslCertificates },
    {
      proxy: '',
      allowUnauthorizedCerts: false,
      provideSslCertificates: false,
      lowercaseHeaders: true,
      queryParameterArrays: 'brackets',
      requestUncompressedResponse: false,
      sendCredentialsOnCrossOriginRedirect: false,
    },
    context,
  );
  const pages = pagination(all.pagination);
  return {
    ...(response !== undefined && { response }),
    ...(batching !== undefined && { batching }),
    ...importedRequestOptions(typeof timeout === 'number' && timeout > 0 ? timeout : N8N_TIMEOUT_MS),
    ...(pages && { pagination: pages }),
  };
}

/** HTTP Request v3–4.x → the native node, which keeps their parameter names and shapes. */
function toNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  return {
    method: parameters.method,
    url: parameters.url,
    ...authenticationV2(parameters),
    ...query(parameters, context),
    ...headers(parameters),
    ...body(parameters, context),
    options: options(parameters, context),
  };
}

/** n8n → KlikkFlow for HTTP Request v3 to 4.5. */
export const httpRequestV4Mapping: NodeMapping = {
  n8nType: 'n8n-nodes-base.httpRequest',
  minVersion: 3,
  maxVersion: 4.5,
  nativeType: 'core.httpRequest',
  defaults: {
    method: 'GET',
    url: '',
    authentication: 'none',
    sendQuery: false,
    sendHeaders: false,
    sendBody: false,
    contentType: 'json',
    specifyBody: 'keypair',
    rawContentType: '',
    body: '',
    options: {},
  },
  toNative,
};
