import type { Item } from '@klikkflow/types';
import { FAST_PATH_MISS } from './fast-path-miss.js';

/** One member access of a data path. */
export interface PathStep {
  key: string;
  /** Reached through `?.`: a null/undefined before it ends the chain with `undefined`. */
  optional: boolean;
}

/** A plain property path on the current item: `$json.a?.b[0]`, `$input.item.binary.data`. */
export interface PathAccess {
  root: 'json' | 'binary';
  steps: PathStep[];
}

/** Nesting bound of arrays stringified in the host; deeper (or cyclic) data goes to the sandbox. */
const MAX_JOIN_DEPTH = 32;

/**
 * Whether a key may be read in the host. Keys naming `Object.prototype` members (`constructor`, `__proto__`,
 * `toString`...) or `prototype` are left to the sandbox, whatever the data holds.
 */
export function isSafeKey(key: string): boolean {
  return !(key in Object.prototype) && key !== 'prototype';
}

/** An array, or an object whose prototype is `Object.prototype` or null: data as JSON would carry it. */
export function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function readPath(access: PathAccess, item: Item | undefined): unknown {
  if (!item) return FAST_PATH_MISS;
  let current: unknown = access.root === 'json' ? item.json : item.binary;
  // `$binary` on an item without binary data: the sandbox decides what that is.
  if (current === undefined || current === null) return FAST_PATH_MISS;
  const steps = access.steps;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index] as PathStep;
    if (current === undefined || current === null) return step.optional ? undefined : FAST_PATH_MISS;
    // Primitives (string methods, extensions) and class instances only exist faithfully in the sandbox.
    if (typeof current !== 'object' || !isPlainContainer(current)) return FAST_PATH_MISS;
    const container = current as Record<string, unknown>;
    if (Object.hasOwn(container, step.key)) current = container[step.key];
    else if (step.key in container)
      return FAST_PATH_MISS; // an inherited member, such as an array method
    else current = undefined;
    // JSON turns an array's holes and undefined elements into null: the sandbox would not see undefined.
    if (current === undefined && Array.isArray(container) && Number(step.key) < container.length)
      return FAST_PATH_MISS;
  }
  return current;
}

/**
 * Reads a path as the sandbox sees it after the data crossed as JSON: -0 becomes 0; NaN, ±Infinity,
 * functions, symbols, bigints and non-plain objects (which JSON would change) are a miss.
 */
export function readValue(access: PathAccess, item: Item | undefined): unknown {
  const value = readPath(access, item);
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
    return FAST_PATH_MISS;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return FAST_PATH_MISS;
    return value === 0 ? 0 : value;
  }
  if (typeof value === 'object' && value !== null && !isPlainContainer(value)) return FAST_PATH_MISS;
  return value;
}

/**
 * Mixed-text stringification, identical to the sandbox's: undefined and null become '', other values
 * `String(value)`. Whatever `String` could treat differently in the host than in the sandbox is a miss.
 */
export function templateText(value: unknown, depth = 0): string | typeof FAST_PATH_MISS {
  if (value === undefined || value === null) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : FAST_PATH_MISS;
    case 'boolean':
      return String(value);
    case 'object':
      return objectText(value, depth);
    default:
      return FAST_PATH_MISS;
  }
}

function objectText(value: object, depth: number): string | typeof FAST_PATH_MISS {
  if (depth > MAX_JOIN_DEPTH || !isPlainContainer(value)) return FAST_PATH_MISS;
  if (Object.hasOwn(value, 'toString') || Object.hasOwn(value, 'valueOf')) return FAST_PATH_MISS;
  if (Object.hasOwn(value, Symbol.toPrimitive) || Object.hasOwn(value, Symbol.toStringTag))
    return FAST_PATH_MISS;
  if (!Array.isArray(value)) return '[object Object]';
  if (Object.hasOwn(value, 'join')) return FAST_PATH_MISS;
  let out = '';
  for (let index = 0; index < value.length; index++) {
    if (index > 0) out += ',';
    const text = templateText(value[index], depth + 1);
    if (text === FAST_PATH_MISS) return FAST_PATH_MISS;
    out += text;
  }
  return out;
}
