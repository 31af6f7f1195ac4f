import type { PropertySpec } from '@klikkflow/types';
import type { NodeParameters } from './node-context.js';

/** True for a parameter value that holds an expression template (a string starting with `=`). */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.charCodeAt(0) === 61; // '='
}

/** Reads `a.b.c` (or `a.b[0].c`) from an object; undefined when any step is missing. */
export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of splitPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const pathCache = new Map<string, string[]>();

/** Splits `a.b[0].c` into `['a', 'b', '0', 'c']` (cached: the same paths are read for every item). */
export function splitPath(path: string): string[] {
  let keys = pathCache.get(path);
  if (!keys) {
    keys = path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '');
    if (pathCache.size < 10_000) pathCache.set(path, keys);
  }
  return keys;
}

/**
 * Fills in the defaults of top-level properties the workflow did not set, so nodes and the importer agree on
 * what an omitted parameter means. Properties hidden by their display options get no default.
 */
export function withDefaults(
  properties: readonly PropertySpec[],
  parameters: NodeParameters,
): NodeParameters {
  const out: NodeParameters = { ...parameters };
  for (const property of properties) {
    if (property.type === 'notice' || Object.hasOwn(out, property.name)) continue;
    if (!isVisible(property, out)) continue;
    out[property.name] = structuredClone(property.default);
  }
  return out;
}

/** Evaluates a property's `displayOptions` against the parameter values (static values only). */
export function isVisible(property: PropertySpec, parameters: NodeParameters): boolean {
  const { show, hide } = property.displayOptions ?? {};
  if (show) {
    for (const [name, allowed] of Object.entries(show)) {
      if (!allowed.includes(readPath(parameters, name))) return false;
    }
  }
  if (hide) {
    for (const [name, denied] of Object.entries(hide)) {
      if (denied.includes(readPath(parameters, name))) return false;
    }
  }
  return true;
}
