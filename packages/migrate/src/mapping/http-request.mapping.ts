import { httpRequestV1Mapping } from './http-request-v1.mapping.js';
import {
  FORM_URLENCODED,
  httpRequestV4Mapping,
  N8N_TIMEOUT_MS,
  UNLIMITED_PAGES,
} from './http-request-v4.mapping.js';
import type { ExportMapping, N8nParameters, NativeParameters, NodeMapping } from './node-mapping.types.js';
import { isRecord, wrapList } from './parameter-shapes.js';

/** n8n → KlikkFlow for every HTTP Request version. */
export const httpRequestMappings: NodeMapping[] = [httpRequestV1Mapping, httpRequestV4Mapping];

function n8nPagination(value: unknown): N8nParameters | undefined {
  const settings = isRecord(value) && isRecord(value.pagination) ? value.pagination : undefined;
  if (!settings || (settings.paginationMode ?? 'off') === 'off') return undefined;
  const { maxRequests, parameters, ...rest } = settings;
  return {
    pagination: {
      ...rest,
      ...(parameters !== undefined && { parameters: wrapList(parameters, 'parameters') }),
      ...(maxRequests !== UNLIMITED_PAGES && { limitPagesFetched: true, maxRequests: maxRequests ?? 100 }),
    },
  };
}

/** Native options as n8n's: KlikkFlow-only settings (retries, idempotency keys) have no n8n equivalent. */
function n8nOptions(value: unknown): N8nParameters {
  if (!isRecord(value)) return {};
  // The importer writes n8n's default timeout explicitly; it is left out again here.
  const { retryOnRateLimit, sendIdempotencyKey, timeout, pagination, ...rest } = value;
  const pages = n8nPagination(pagination);
  return {
    ...rest,
    ...(timeout !== undefined && timeout !== N8N_TIMEOUT_MS && { timeout }),
    ...(pages && { pagination: pages }),
  };
}

/** A raw urlencoded body is n8n's form sent "using a single field". */
function n8nBody(parameters: NativeParameters): N8nParameters {
  const { contentType, rawContentType, body } = parameters;
  if (contentType === 'raw' && rawContentType === FORM_URLENCODED) {
    return { contentType: 'form-urlencoded', specifyBody: 'string', body };
  }
  return {};
}

function toN8n(parameters: NativeParameters): N8nParameters {
  const { queryParameters, headerParameters, bodyParameters, options, ...rest } = parameters;
  const lists = { queryParameters, headerParameters, bodyParameters };
  const wrapped = Object.entries(lists)
    .filter(([, list]) => list !== undefined)
    .map(([name, list]) => [name, wrapList(list, 'parameters')]);
  const n8n: N8nParameters = { ...rest, ...Object.fromEntries(wrapped), ...n8nBody(parameters) };
  if (n8n.contentType === 'form-urlencoded') delete n8n.rawContentType;
  return { ...n8n, options: n8nOptions(options) };
}

/** KlikkFlow → n8n: the native node follows HTTP Request 4.x (4.4+ also keep credentials off redirects). */
export const httpRequestExport: ExportMapping = {
  nativeType: 'core.httpRequest',
  n8nType: 'n8n-nodes-base.httpRequest',
  typeVersion: 4.5,
  toN8n,
};
