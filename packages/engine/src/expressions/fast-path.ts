import type { Item } from '@klikkflow/types';
import type { TemplateProgram } from '../ports/script-sandbox.port.js';
import { compileNode, type FastEvaluate } from './fast-evaluator.js';
import { parseExpression } from './fast-parser.js';
import { templateText } from './fast-path-data.js';
import { FAST_PATH_MISS } from './fast-path-miss.js';

export { FAST_PATH_MISS } from './fast-path-miss.js';

/**
 * Evaluates a fast-pathable template against the current input item in the host, or returns
 * {@link FAST_PATH_MISS} when the data is such that only the sandbox can give the exact same answer
 * (a missing item, a step through `null`, arithmetic on an object, a non-plain object, a NaN result...).
 * It never throws and never runs user code.
 */
export type FastPathEvaluator = (item: Item | undefined) => unknown;

const compiled = new WeakMap<TemplateProgram, FastPathEvaluator | null>();

/**
 * Compiles a program whose code parts are all in the fast-path language into a host function; null when
 * any code part is something else. The language: decimal number, string, boolean, null and undefined
 * literals; paths on the current item (`$json.a["b"][0]`, `$json.a?.b`, `$binary.data`, `$input.item.json`);
 * unary `- + !`; binary `* / % + - < <= > >= == != === !== && || ??`; `?:`; parentheses. Keys that name
 * `Object.prototype` members are never fast-pathed. Nothing is executed as JavaScript: the code is parsed
 * into a tree of closures. Compiled results are cached per program object.
 */
export function compileFastPath(program: TemplateProgram): FastPathEvaluator | null {
  const known = compiled.get(program);
  if (known !== undefined) return known;
  const evaluator = compile(program);
  compiled.set(program, evaluator);
  return evaluator;
}

function compile(program: TemplateProgram): FastPathEvaluator | null {
  const pieces: (string | FastEvaluate)[] = [];
  for (const part of program.parts) {
    if ('text' in part) {
      pieces.push(part.text);
      continue;
    }
    const node = parseExpression(part.code);
    if (!node) return null;
    pieces.push(compileNode(node));
  }
  const only = pieces[0];
  if (pieces.length === 1 && typeof only === 'function') return (item) => rawResult(only(item));
  return (item) => {
    let out = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      const value = piece(item);
      if (value === FAST_PATH_MISS) return FAST_PATH_MISS;
      const text = templateText(value);
      if (text === FAST_PATH_MISS) return FAST_PATH_MISS;
      out += text;
    }
    return out;
  };
}

/** The sandbox returns values as JSON, where NaN and ±Infinity become null and -0 becomes 0: its call. */
function rawResult(value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return FAST_PATH_MISS;
  return value;
}
