import { isSafeKey, type PathAccess, type PathStep } from './fast-path-data.js';
import { type FastToken, tokenize } from './fast-tokenizer.js';

/** A binary operator of the fast-path language. */
export type BinaryOperator =
  | '*'
  | '/'
  | '%'
  | '+'
  | '-'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '==='
  | '!=='
  | '&&'
  | '||'
  | '??';

/** A parsed fast-path expression. */
export type FastNode =
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  | { kind: 'path'; access: PathAccess }
  | { kind: 'unary'; operator: '-' | '+' | '!'; operand: FastNode }
  | { kind: 'binary'; operator: BinaryOperator; left: FastNode; right: FastNode; grouped: boolean }
  | { kind: 'conditional'; test: FastNode; consequent: FastNode; alternate: FastNode };

/** JavaScript's binary precedences (higher binds tighter). `??` shares the lowest level with `||`. */
const PRECEDENCE = new Map<string, number>([
  ['??', 1],
  ['||', 1],
  ['&&', 2],
  ['==', 3],
  ['!=', 3],
  ['===', 3],
  ['!==', 3],
  ['<', 4],
  ['<=', 4],
  ['>', 4],
  ['>=', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['%', 6],
]);

const LITERALS = new Map<string, boolean | null | undefined>([
  ['true', true],
  ['false', false],
  ['null', null],
  ['undefined', undefined],
]);

const ROOTS = new Map<string, PathAccess['root']>([
  ['$json', 'json'],
  ['$binary', 'binary'],
]);

/** An index key `[12]`: canonical decimal digits, small enough to name the same key as its text. */
const INDEX_TEXT = /^(?:0|[1-9]\d{0,15})$/;

/**
 * Parses one `{{ }}` code part of the fast-path language, or returns null when the code is anything else
 * (calls, assignment, other names, operators or literals, `??` mixed with `&&`/`||` without parentheses...).
 * Precedence and associativity are JavaScript's.
 */
export function parseExpression(code: string): FastNode | null {
  const tokens = tokenize(code);
  if (!tokens || tokens.length === 0) return null;
  const parser = new Parser(tokens);
  const node = parser.conditional();
  return node && parser.done() ? node : null;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: FastToken[]) {}

  done(): boolean {
    return this.position === this.tokens.length;
  }

  /** `test ? a : b`, right-associative; the test is a binary expression. */
  conditional(): FastNode | null {
    const test = this.binary(1);
    if (!test || !this.take('?')) return test;
    const consequent = this.conditional();
    if (!consequent || !this.take(':')) return null;
    const alternate = this.conditional();
    return alternate && { kind: 'conditional', test, consequent, alternate };
  }

  /** Precedence climbing over left-associative binary operators of at least `minimum` precedence. */
  private binary(minimum: number): FastNode | null {
    let left = this.unary();
    while (left) {
      const token = this.tokens[this.position];
      const precedence = token?.type === 'punctuator' ? PRECEDENCE.get(token.value) : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      this.position++;
      const right = this.binary(precedence + 1);
      if (!right) return null;
      const operator = (token as FastToken).value as BinaryOperator;
      if (mixesCoalescing(operator, left) || mixesCoalescing(operator, right)) return null;
      left = { kind: 'binary', operator, left, right, grouped: false };
    }
    return null;
  }

  private unary(): FastNode | null {
    const token = this.tokens[this.position];
    if (token?.type === 'punctuator' && (token.value === '-' || token.value === '+' || token.value === '!')) {
      this.position++;
      const operand = this.unary();
      return operand && { kind: 'unary', operator: token.value, operand };
    }
    return this.primary();
  }

  private primary(): FastNode | null {
    const token = this.tokens[this.position++];
    if (!token) return null;
    if (token.type === 'number' || token.type === 'string') return { kind: 'literal', value: token.value };
    if (token.type === 'punctuator') {
      if (token.value !== '(') return null;
      const inner = this.conditional();
      if (!inner || !this.take(')')) return null;
      return inner.kind === 'binary' ? { ...inner, grouped: true } : inner;
    }
    if (LITERALS.has(token.value)) return { kind: 'literal', value: LITERALS.get(token.value) };
    let root = ROOTS.get(token.value);
    if (root === undefined && token.value === '$input') {
      if (!this.take('.') || !this.takeName('item') || !this.take('.')) return null;
      root = this.takeName('json') ? 'json' : this.takeName('binary') ? 'binary' : undefined;
    }
    if (root === undefined) return null;
    const steps = this.memberChain();
    return steps && { kind: 'path', access: { root, steps } };
  }

  /** `.name`, `?.name`, `['key']`, `[0]`, `?.[…]` steps up to the first token that is none of them. */
  private memberChain(): PathStep[] | null {
    const steps: PathStep[] = [];
    for (;;) {
      const optional = this.take('?.');
      let key: string | null;
      if (this.take('[')) key = this.bracketKey();
      else if (optional || this.take('.')) key = this.nameToken();
      else return steps;
      if (key === null || !isSafeKey(key)) return null;
      steps.push({ key, optional });
    }
  }

  private bracketKey(): string | null {
    const token = this.tokens[this.position++];
    let key: string | null = null;
    if (token?.type === 'string') key = token.value;
    else if (token?.type === 'number' && INDEX_TEXT.test(token.text)) key = token.text;
    return key !== null && this.take(']') ? key : null;
  }

  private nameToken(): string | null {
    const token = this.tokens[this.position];
    if (token?.type !== 'name') return null;
    this.position++;
    return token.value;
  }

  private takeName(name: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type !== 'name' || token.value !== name) return false;
    this.position++;
    return true;
  }

  private take(punctuator: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type !== 'punctuator' || token.value !== punctuator) return false;
    this.position++;
    return true;
  }
}

/** JavaScript forbids `??` next to an unparenthesised `&&` or `||` (either way round). */
function mixesCoalescing(operator: BinaryOperator, operand: FastNode): boolean {
  if (operand.kind !== 'binary' || operand.grouped) return false;
  if (operator === '??') return operand.operator === '&&' || operand.operator === '||';
  if (operator === '&&' || operator === '||') return operand.operator === '??';
  return false;
}
