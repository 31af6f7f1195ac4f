import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { isRecord, recordAt, warnIgnoredOptions } from './parameter-shapes.js';

const WEBHOOK = 'core.webhook';

/** The status codes n8n's v2 "Response Code" option lists; others are written as a custom code. */
const listedCodes = new Set([200, 201, 204, 301, 302, 304, 400, 401, 403, 404]);

/** Options of the n8n Webhook the native node has no equivalent of, with their n8n defaults. */
const ignoredOptions = {
  responseData: '',
  noResponseBody: false,
  responseHeaders: undefined,
  responseContentType: '',
  responsePropertyName: 'data',
  rawBody: false,
  binaryData: false,
  binaryPropertyName: 'data',
  ignoreBots: false,
  ipWhitelist: '',
  allowedOrigins: '*',
  onlyRunIf: '',
};

/** v1/v1.1 keep the response code as a parameter, v2+ as a `{values: {responseCode, customCode}}` option. */
function responseCode(parameters: N8nParameters, context: MappingContext): unknown {
  if (context.typeVersion < 2) return parameters.responseCode ?? 200;
  const values = recordAt(recordAt(parameters, 'options'), 'responseCode').values;
  if (!isRecord(values)) return 200;
  return values.responseCode === 'customCode' ? (values.customCode ?? 200) : (values.responseCode ?? 200);
}

/** The listened methods: one, or (multipleMethods) the list n8n keeps in `httpMethod`. */
function methods(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.multipleMethods !== true)
    return { multipleMethods: false, httpMethod: parameters.httpMethod };
  const list = Array.isArray(parameters.httpMethod) ? parameters.httpMethod : ['GET', 'POST'];
  if (list.length > 1) {
    context.warn('n8n gives each HTTP method its own output; KlikkFlow sends every method to the one output');
  }
  return { multipleMethods: true, httpMethods: list };
}

function webhookToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  const { responseMode, authentication } = parameters;
  if (responseMode === 'streaming') unsupportedVariant('it streams its response, which KlikkFlow does not');
  if (authentication === 'n8nOAuth2') unsupportedVariant('it authenticates callers as n8n users (OAuth2)');
  warnIgnoredOptions(recordAt(parameters, 'options'), ignoredOptions, context);
  return {
    path: parameters.path,
    ...methods(parameters, context),
    authentication: authentication === 'jwtAuth' ? 'jwt' : authentication,
    responseMode,
    ...(responseMode !== 'responseNode' && { responseCode: responseCode(parameters, context) }),
    ...(responseMode === 'lastNode' && {
      responseData: parameters.responseData,
      responseBinaryPropertyName: parameters.responseBinaryPropertyName,
    }),
  };
}

/** n8n → KlikkFlow for the Webhook node, v1 to 2.1. */
export const webhookMappings: NodeMapping[] = [
  {
    n8nType: 'n8n-nodes-base.webhook',
    minVersion: 1,
    maxVersion: 2.1,
    nativeType: WEBHOOK,
    defaults: {
      httpMethod: 'GET',
      path: '',
      authentication: 'none',
      responseMode: 'onReceived',
      responseData: 'firstEntryJson',
      responseBinaryPropertyName: 'data',
      options: {},
    },
    toNative: webhookToNative,
  },
];

function n8nResponseCode(code: unknown): N8nParameters {
  if (code === undefined || code === 200) return {};
  const values = listedCodes.has(Number(code))
    ? { responseCode: Number(code) }
    : { responseCode: 'customCode', customCode: code };
  return { responseCode: { values } };
}

function webhookToN8n(parameters: NativeParameters): N8nParameters {
  const {
    multipleMethods,
    httpMethod,
    httpMethods,
    authentication,
    responseCode: code,
    ...rest
  } = parameters;
  return {
    ...rest,
    ...(multipleMethods === true ? { multipleMethods, httpMethod: httpMethods } : { httpMethod }),
    ...(authentication !== undefined && {
      authentication: authentication === 'jwt' ? 'jwtAuth' : authentication,
    }),
    options: rest.responseMode === 'responseNode' ? {} : n8nResponseCode(code),
  };
}

/** KlikkFlow → n8n: Webhook 2.1, with the response code moved into its options. */
export const webhookExport: ExportMapping = {
  nativeType: WEBHOOK,
  n8nType: 'n8n-nodes-base.webhook',
  typeVersion: 2.1,
  toN8n: webhookToN8n,
};
