import { type MappingContext, unsupportedVariant } from './node-mapping.types.js';
import { isExpression, isRecord } from './parameter-shapes.js';

/** A name/value entry of a native query, header or body list. */
export interface NameValue {
  name: unknown;
  value: unknown;
  [key: string]: unknown;
}

/**
 * Name/value pairs from a parameter that holds one JSON object (n8n's "Using JSON" query, headers or body
 * fields): JSON text or an object. KlikkFlow lists pairs, so a whole-object expression (known only at run
 * time) cannot be carried over.
 */
export function pairsFromJson(value: unknown, what: string): NameValue[] {
  if (value === undefined || value === '') return [];
  if (isExpression(value)) {
    return unsupportedVariant(
      `its ${what} are one JSON expression, which KlikkFlow cannot split into fields`,
    );
  }
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return unsupportedVariant(`its ${what} are not valid JSON`);
    }
  }
  if (!isRecord(parsed)) return unsupportedVariant(`its ${what} are not a JSON object`);
  return Object.entries(parsed).map(([name, entry]) => ({
    name,
    value: typeof entry === 'object' && entry !== null ? JSON.stringify(entry) : entry,
  }));
}

/**
 * Options every imported HTTP Request gets: n8n's request timeout (KlikkFlow's own default is shorter) and no
 * automatic retries of 429/5xx answers, which n8n does not make either.
 */
export function importedRequestOptions(timeoutMs: number): Record<string, unknown> {
  return { timeout: timeoutMs, retryOnRateLimit: false };
}

/** Warns that KlikkFlow's file responses leave out what n8n copies from the input item. */
export function warnFileResponse(format: unknown, context: MappingContext): void {
  if (format !== 'file') return;
  context.warn(
    "a file response item has empty JSON and only the new file (n8n keeps the input item's JSON and other binary data)",
  );
}
