import type { Item } from '@klikkflow/types';
import type { BinaryOperator, FastNode } from './fast-parser.js';
import { readValue } from './fast-path-data.js';
import { FAST_PATH_MISS } from './fast-path-miss.js';

/** Evaluates a compiled expression for one item: its value, or {@link FAST_PATH_MISS}. Never throws. */
export type FastEvaluate = (item: Item | undefined) => unknown;

type Primitive = string | number | boolean | null | undefined;

/**
 * JavaScript's own operators, applied in the host to primitives only: on primitives they cannot reach
 * user code (no `valueOf`, `toString` or `Symbol.toPrimitive` is involved), so the result is exactly the
 * sandbox's. The casts only quiet the type checker; the operator is the native one.
 */
const OPERATORS: Record<
  Exclude<BinaryOperator, '&&' | '||' | '??'>,
  (l: Primitive, r: Primitive) => unknown
> = {
  '*': (l, r) => (l as number) * (r as number),
  '/': (l, r) => (l as number) / (r as number),
  '%': (l, r) => (l as number) % (r as number),
  '+': (l, r) => (l as string) + (r as string),
  '-': (l, r) => (l as number) - (r as number),
  '<': (l, r) => (l as number) < (r as number),
  '<=': (l, r) => (l as number) <= (r as number),
  '>': (l, r) => (l as number) > (r as number),
  '>=': (l, r) => (l as number) >= (r as number),
  // biome-ignore lint/suspicious/noDoubleEquals: the language's loose equality, on primitives.
  '==': (l, r) => l == r,
  // biome-ignore lint/suspicious/noDoubleEquals: the language's loose inequality, on primitives.
  '!=': (l, r) => l != r,
  '===': (l, r) => l === r,
  '!==': (l, r) => l !== r,
};

/** Whether a value is an operand the host may apply operators to (the miss marker is a symbol: no). */
const isPrimitive = (value: unknown): value is Primitive =>
  value === null || (typeof value !== 'object' && typeof value !== 'symbol' && typeof value !== 'function');

/**
 * Turns a parsed expression into a tree of closures. Paths read data as the sandbox sees it; arithmetic and
 * comparison miss on non-primitive operands; `&&`, `||`, `??` and `?:` short-circuit like JavaScript and
 * pass any value through. A miss anywhere is the miss of the whole expression.
 */
export function compileNode(node: FastNode): FastEvaluate {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'path': {
      const access = node.access;
      return (item) => readValue(access, item);
    }
    case 'unary':
      return compileUnary(node.operator, compileNode(node.operand));
    case 'binary':
      return compileBinary(node.operator, compileNode(node.left), compileNode(node.right));
    case 'conditional': {
      const test = compileNode(node.test);
      const consequent = compileNode(node.consequent);
      const alternate = compileNode(node.alternate);
      return (item) => {
        const value = test(item);
        if (value === FAST_PATH_MISS) return FAST_PATH_MISS;
        return value ? consequent(item) : alternate(item);
      };
    }
  }
}

function compileUnary(operator: '-' | '+' | '!', operand: FastEvaluate): FastEvaluate {
  if (operator === '!') {
    // Truthiness of the plain data a path yields is a fixed rule that calls nothing: objects are truthy.
    return (item) => {
      const value = operand(item);
      return value === FAST_PATH_MISS ? FAST_PATH_MISS : !value;
    };
  }
  const negate = operator === '-';
  return (item) => {
    const value = operand(item);
    if (!isPrimitive(value)) return FAST_PATH_MISS;
    return negate ? -(value as number) : +(value as number);
  };
}

function compileBinary(operator: BinaryOperator, left: FastEvaluate, right: FastEvaluate): FastEvaluate {
  switch (operator) {
    case '&&':
      return (item) => {
        const value = left(item);
        return value === FAST_PATH_MISS || !value ? value : right(item);
      };
    case '||':
      return (item) => {
        const value = left(item);
        return value === FAST_PATH_MISS || value ? value : right(item);
      };
    case '??':
      return (item) => {
        const value = left(item);
        return value === undefined || value === null ? right(item) : value;
      };
    default: {
      const apply = OPERATORS[operator];
      return (item) => {
        const l = left(item);
        if (!isPrimitive(l)) return FAST_PATH_MISS;
        const r = right(item);
        return isPrimitive(r) ? apply(l, r) : FAST_PATH_MISS;
      };
    }
  }
}
