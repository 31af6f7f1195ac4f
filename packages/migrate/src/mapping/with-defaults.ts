import type { N8nParameters } from './node-mapping.types.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The file's parameters over n8n's defaults: nested objects merge key by key, anything else in the file
 * (arrays, scalars, expressions) replaces the default. Neither input is modified.
 */
export function withN8nDefaults(
  parameters: N8nParameters,
  defaults: N8nParameters | undefined,
): N8nParameters {
  if (!defaults) return parameters;
  const merged: N8nParameters = structuredClone(defaults);
  for (const [key, value] of Object.entries(parameters)) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? withN8nDefaults(value, base) : value;
  }
  return merged;
}
