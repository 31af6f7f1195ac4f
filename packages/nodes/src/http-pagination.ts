import { type HttpResponse, isExpression, type NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { type Item, UserError } from '@klikkflow/types';
import { setHeader } from './http-request-encoding.js';
import type { RequestBody, RequestSpec } from './http-request-spec.js';
import { bodyValue, type DecodedBody, isEmptyBody } from './http-response.js';
import { asText } from './shared/as-text.js';
import { choice, wholeNumber } from './shared/choice.js';

const BASE = 'options.pagination.pagination';
/**
 * Pagination templates stay unresolved until each page (they name `$response` and `$pageCount`): the
 * node declares them as raw parameters and evaluates them per page.
 */
export const PAGINATION_TEMPLATE_PATHS = [
  `${BASE}.nextURL`,
  `${BASE}.parameters`,
  `${BASE}.completeExpression`,
];

/** A parameter set on each next request. */
interface PageParameter {
  type: 'qs' | 'body' | 'headers';
  name: string;
  /** A template (`={{ … }}`) evaluated per page, or a plain value. */
  value: unknown;
}

/** Pagination settings of one item. */
export interface PaginationSettings {
  mode: 'updateAParameterInEachRequest' | 'responseContainsNextURL';
  nextURL: unknown;
  parameters: PageParameter[];
  completeWhen: 'responseIsEmpty' | 'receiveSpecificStatusCodes' | 'other';
  statusCodes: number[];
  completeExpression: unknown;
  maxRequests: number;
  requestInterval: number;
}

function pageParameters(ctx: NodeExecutionContext, itemIndex: number): PageParameter[] {
  const field = (at: string, name: string) => ctx.getParameter<unknown>(`${at}.${name}`, itemIndex);
  const present = (at: string) => field(at, 'name') !== undefined || field(at, 'type') !== undefined;
  const wrapped = `${BASE}.parameters.parameters`;
  const base = present(`${wrapped}[0]`) ? wrapped : `${BASE}.parameters`;
  const out: PageParameter[] = [];
  for (let index = 0; present(`${base}[${index}]`); index++) {
    const at = `${base}[${index}]`;
    out.push({
      type: choice(
        field(at, 'type') ?? 'qs',
        ['qs', 'body', 'headers'] as const,
        'pagination parameter type',
        itemIndex,
      ),
      name: asText(field(at, 'name')),
      value: field(at, 'value'),
    });
  }
  return out;
}

/** The item's pagination settings, or null when pagination is off. */
export function readPagination(ctx: NodeExecutionContext, itemIndex: number): PaginationSettings | null {
  const mode = ctx.getParameter(`${BASE}.paginationMode`, itemIndex, 'off');
  if (mode === 'off') return null;
  const read = (name: string, fallback: unknown) => ctx.getParameter(`${BASE}.${name}`, itemIndex, fallback);
  return {
    mode: choice(
      mode,
      ['updateAParameterInEachRequest', 'responseContainsNextURL'] as const,
      'paginationMode',
    ),
    nextURL: mode === 'responseContainsNextURL' ? read('nextURL', undefined) : '',
    parameters: mode === 'updateAParameterInEachRequest' ? pageParameters(ctx, itemIndex) : [],
    completeWhen: choice(
      read('paginationCompleteWhen', 'responseIsEmpty'),
      ['responseIsEmpty', 'receiveSpecificStatusCodes', 'other'] as const,
      'paginationCompleteWhen',
    ),
    statusCodes: asText(read('statusCodesWhenComplete', ''))
      .split(',')
      .map((code) => Number(code.trim()))
      .filter((code) => Number.isInteger(code) && code > 0),
    completeExpression: read('completeExpression', undefined),
    maxRequests: wholeNumber(read('maxRequests', 100), 'maxRequests', 1, itemIndex),
    requestInterval: wholeNumber(read('requestInterval', 0), 'requestInterval', 0, itemIndex),
  };
}

/** What a page offers expressions: `$response` and `$pageCount` (pages fetched so far). */
interface PageExtras extends Record<string, unknown> {
  response: { body: unknown; headers: Record<string, string>; statusCode: number };
  pageCount: number;
}

/** The extras after page `pageCount` (1-based) answered. */
function pageExtras(response: HttpResponse, decoded: DecodedBody, pageCount: number): PageExtras {
  return {
    response: { body: bodyValue(decoded), headers: response.headers, statusCode: response.status },
    pageCount,
  };
}

async function evaluate(
  ctx: NodeExecutionContext,
  template: unknown,
  itemIndex: number,
  extras: PageExtras,
): Promise<unknown> {
  return isExpression(template) ? ctx.evaluateExpression(template, itemIndex, extras) : template;
}

function withBodyField(body: RequestBody, name: string, value: unknown): RequestBody {
  switch (body.kind) {
    case 'none':
      return { kind: 'json', value: { [name]: value } };
    case 'json': {
      const base = body.value !== null && typeof body.value === 'object' ? body.value : {};
      return { kind: 'json', value: { ...base, [name]: value } };
    }
    case 'form':
      return {
        kind: 'form',
        fields: [...body.fields.filter(([key]) => key !== name), [name, asText(value)]],
      };
    case 'multipart':
      return {
        kind: 'multipart',
        parts: [...body.parts.filter((p) => p.name !== name), { name, value: asText(value) }],
      };
    case 'raw':
      throw new UserError('NODE_PARAMETER_INVALID', 'pagination cannot set a body parameter of a raw body', {
        details: { parameter: name },
      });
  }
}

/** True when the complete expression (paginationCompleteWhen `other`) holds for this page. */
async function expressionSaysComplete(
  ctx: NodeExecutionContext,
  settings: PaginationSettings,
  itemIndex: number,
  extras: PageExtras,
): Promise<boolean> {
  if (settings.completeWhen !== 'other') return false;
  const done = await evaluate(ctx, settings.completeExpression, itemIndex, extras);
  return done === true || done === 'true';
}

/** The next page's request, or null when there is none (an empty next URL). */
async function nextRequest(
  ctx: NodeExecutionContext,
  settings: PaginationSettings,
  previous: RequestSpec,
  itemIndex: number,
  extras: PageExtras,
): Promise<RequestSpec | null> {
  if (settings.mode === 'responseContainsNextURL') {
    const next = asText(await evaluate(ctx, settings.nextURL, itemIndex, extras)).trim();
    if (next === '') return null;
    return { ...previous, url: new URL(next, previous.url).href, query: [] };
  }
  let spec: RequestSpec = { ...previous, headers: { ...previous.headers } };
  for (const parameter of settings.parameters) {
    const value = await evaluate(ctx, parameter.value, itemIndex, extras);
    if (parameter.type === 'qs') {
      spec.query = [
        ...spec.query.filter(([name]) => name !== parameter.name),
        [parameter.name, asText(value)],
      ];
    } else if (parameter.type === 'headers') {
      setHeader(spec.headers, parameter.name, asText(value));
    } else {
      spec = { ...spec, body: withBodyField(spec.body, parameter.name, value) };
    }
  }
  return spec;
}

/** The pagination loop's view of one page: send it, and turn its response into items. */
export interface PageHandlers {
  send(spec: RequestSpec, page: number): Promise<HttpResponse>;
  /** Checks the status, decodes the body and builds the page's items. */
  read(response: HttpResponse, spec: RequestSpec): Promise<{ decoded: DecodedBody; items: Item[] }>;
}

/**
 * Fetches pages until the complete condition holds, the next URL is empty or `maxRequests` were sent.
 * A page answering one of the "complete" status codes ends the loop without items and without an error.
 */
export async function paginate(
  ctx: NodeExecutionContext,
  settings: PaginationSettings,
  first: RequestSpec,
  itemIndex: number,
  handlers: PageHandlers,
): Promise<Item[]> {
  const items: Item[] = [];
  let spec: RequestSpec | null = first;
  for (let page = 0; spec && page < settings.maxRequests; page++) {
    if (page > 0 && settings.requestInterval > 0) await ctx.sleep(settings.requestInterval);
    const response = await handlers.send(spec, page);
    if (
      settings.completeWhen === 'receiveSpecificStatusCodes' &&
      settings.statusCodes.includes(response.status)
    ) {
      break;
    }
    const { decoded, items: pageItems } = await handlers.read(response, spec);
    if (settings.completeWhen === 'responseIsEmpty' && isEmptyBody(decoded)) break;
    items.push(...pageItems);
    const extras = pageExtras(response, decoded, page + 1);
    if (await expressionSaysComplete(ctx, settings, itemIndex, extras)) break;
    spec = await nextRequest(ctx, settings, spec, itemIndex, extras);
  }
  return items;
}
