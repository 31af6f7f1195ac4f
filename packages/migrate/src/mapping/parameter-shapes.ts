import type { MappingContext, N8nParameters } from './node-mapping.types.js';

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A parameter that is a nested object, or an empty object when it is missing or of another shape. */
export function recordAt(parameters: N8nParameters, name: string): Record<string, unknown> {
  const value = parameters[name];
  return isRecord(value) ? value : {};
}

/**
 * The entries of a list parameter: a plain array (native) or n8n's one-key wrapper (`{ parameters: [...] }`,
 * `{ values: [...] }`, `{ item: [...] }`). Entries that are not objects are dropped.
 */
export function listEntries(value: unknown): Record<string, unknown>[] {
  const list = isRecord(value) ? Object.values(value).find(Array.isArray) : value;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** A native list as n8n stores it, wrapped under `key`; an n8n-shaped value is kept as it is. */
export function wrapList(value: unknown, key: string): unknown {
  return Array.isArray(value) ? { [key]: value } : value;
}

/** A copy of `parameters` without the given keys. */
export function omit(parameters: N8nParameters, ...keys: string[]): N8nParameters {
  const copy = { ...parameters };
  for (const key of keys) delete copy[key];
  return copy;
}

/** True when an n8n parameter value is an expression (`=…`), which can only be read at run time. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/**
 * Warns once for every option in `options` that is set to something other than its n8n default and that the
 * native node has no equivalent of. `ignored` maps option names to their n8n default (`undefined` when any
 * set value counts).
 */
export function warnIgnoredOptions(
  options: Record<string, unknown>,
  ignored: Record<string, unknown>,
  context: MappingContext,
): void {
  for (const [name, fallback] of Object.entries(ignored)) {
    const value = options[name];
    if (value === undefined || value === fallback) continue;
    context.warn(`option "${name}" (${JSON.stringify(value)}) has no KlikkFlow equivalent and is ignored`);
  }
}

/**
 * The field path an expression reads when it is nothing but `{{ $json.a.b }}` or `{{ $json["a"] }}`, else
 * undefined. Lets a node that takes a value in n8n read the same field by name in KlikkFlow.
 */
export function jsonFieldOf(expression: unknown): string | undefined {
  if (!isExpression(expression)) return undefined;
  const body = /^=\s*\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"]*"|'[^']*')\s*\])+)\s*\}\}\s*$/.exec(
    expression,
  )?.[1];
  if (body === undefined) return undefined;
  const parts = [...body.matchAll(/\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"]*)"|'([^']*)')\s*\]/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
  // A dot inside a bracketed name cannot be told apart from a path step once joined.
  return parts.some((part) => part.includes('.') || part === '') ? undefined : parts.join('.');
}

/** An expression reading the field at a dot path of the item (the reverse of {@link jsonFieldOf}). */
export function jsonFieldExpression(path: string): string {
  const steps = path
    .split('.')
    .map((part) => (/^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`));
  return `={{ $json${steps.join('')} }}`;
}
