import type { Item } from '@klikkflow/types';
import type { TemplateProgram } from '../ports/script-sandbox.port.js';

/** Returned by a {@link FastPathEvaluator} when this item must go to the sandbox after all. */
export const FAST_PATH_MISS: unique symbol = Symbol('fastPathMiss');

/**
 * Evaluates a fast-pathable template against the current input item in the host, or returns
 * {@link FAST_PATH_MISS} when the data is such that only the sandbox can give the exact same answer
 * (a missing item, a step through `null`, a primitive or a non-plain object, an object that overrides
 * `toString`...). It never throws and never runs user code.
 */
export type FastPathEvaluator = (item: Item | undefined) => unknown;

interface PathStep {
  key: string;
  /** Reached through `?.`: a null/undefined before it ends the chain with `undefined`. */
  optional: boolean;
}

interface PathAccess {
  root: 'json' | 'binary';
  steps: PathStep[];
}

const ROOTS: [prefix: string, root: PathAccess['root']][] = [
  ['$json', 'json'],
  ['$binary', 'binary'],
  ['$input.item.json', 'json'],
  ['$input.item.binary', 'binary'],
];

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;
const INDEX = /^\[(0|[1-9]\d{0,15})\]/;
const QUOTED = /^\[(?:'([^'\\\n]*)'|"([^"\\\n]*)")\]/;
/** Nesting bound of arrays stringified in the host; deeper (or cyclic) data goes to the sandbox. */
const MAX_JOIN_DEPTH = 32;

const compiled = new WeakMap<TemplateProgram, FastPathEvaluator | null>();

/**
 * Compiles a program whose code parts are all plain property paths on the current item (`$json.a.b`,
 * `$json["a b"][0]`, `$json.a?.b`, `$binary.data.fileName`, `$input.item.json.x`) into a host function;
 * null when any code part is something else. Keys that name `Object.prototype` members (`constructor`,
 * `__proto__`, `toString`...) are never fast-pathed. Compiled results are cached per program object.
 */
export function compileFastPath(program: TemplateProgram): FastPathEvaluator | null {
  const known = compiled.get(program);
  if (known !== undefined) return known;
  const evaluator = compile(program);
  compiled.set(program, evaluator);
  return evaluator;
}

function compile(program: TemplateProgram): FastPathEvaluator | null {
  const pieces: (string | PathAccess)[] = [];
  for (const part of program.parts) {
    if ('text' in part) {
      pieces.push(part.text);
      continue;
    }
    const access = parsePath(part.code);
    if (!access) return null;
    pieces.push(access);
  }
  const only = pieces[0];
  if (pieces.length === 1 && typeof only === 'object') return (item) => readRaw(only, item);
  return (item) => {
    let out = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      const text = templateText(readPath(piece, item), 0);
      if (text === FAST_PATH_MISS) return FAST_PATH_MISS;
      out += text;
    }
    return out;
  };
}

/** Parses a plain property path, or returns null for anything else. */
function parsePath(code: string): PathAccess | null {
  const source = code.trim();
  const root = ROOTS.find(
    ([prefix]) => source.startsWith(prefix) && !/^[\w$]/.test(source.slice(prefix.length)),
  );
  if (!root) return null;
  const steps: PathStep[] = [];
  let rest = source.slice(root[0].length);
  while (rest !== '') {
    const optional = rest.startsWith('?.');
    if (optional) rest = rest.slice(2);
    let match: RegExpExecArray | null;
    let key: string;
    if (rest.startsWith('[')) {
      match = INDEX.exec(rest) ?? QUOTED.exec(rest);
      if (!match) return null;
      key = match[1] ?? match[2] ?? '';
    } else {
      if (!optional) {
        if (!rest.startsWith('.')) return null;
        rest = rest.slice(1);
      }
      match = IDENTIFIER.exec(rest);
      if (!match) return null;
      key = match[0];
    }
    if (key in Object.prototype || key === 'prototype') return null;
    steps.push({ key, optional });
    rest = rest.slice(match[0].length);
  }
  return { root: root[1], steps };
}

function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function readPath(access: PathAccess, item: Item | undefined): unknown {
  if (!item) return FAST_PATH_MISS;
  let current: unknown = access.root === 'json' ? item.json : item.binary;
  // `$binary` on an item without binary data: the sandbox decides what that is.
  if (current === undefined || current === null) return FAST_PATH_MISS;
  for (const step of access.steps) {
    if (current === undefined || current === null) return step.optional ? undefined : FAST_PATH_MISS;
    // Primitives (string methods, extensions) and class instances only exist faithfully in the sandbox.
    if (typeof current !== 'object' || !isPlainContainer(current)) return FAST_PATH_MISS;
    if (Object.hasOwn(current, step.key)) current = (current as Record<string, unknown>)[step.key];
    else if (step.key in current)
      return FAST_PATH_MISS; // an inherited member, such as an array method
    else current = undefined;
  }
  return current;
}

function readRaw(access: PathAccess, item: Item | undefined): unknown {
  const value = readPath(access, item);
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
    return FAST_PATH_MISS;
  if (typeof value === 'number') {
    // Data crosses into the sandbox as JSON: NaN and Infinity arrive as null, -0 as 0.
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
function templateText(value: unknown, depth: number): string | typeof FAST_PATH_MISS {
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
