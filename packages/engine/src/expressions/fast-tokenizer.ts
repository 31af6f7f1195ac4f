/** A token of the fast-path expression language. */
export type FastToken =
  | { type: 'number'; value: number; text: string }
  | { type: 'string'; value: string }
  | { type: 'name'; value: string }
  | { type: 'punctuator'; value: string };

/** Longest first, so `===` wins over `==` and `!==` over `!`, as JavaScript's greedy tokenizer does. */
const PUNCTUATORS = [
  '===',
  '!==',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '?',
  ':',
  '(',
  ')',
  '[',
  ']',
  '.',
];

/**
 * JavaScript tokens (and comments) that start like a run of supported punctuators: splitting them would
 * read `a--b` as `a - -b` or `a <!-- b` as a comparison where JavaScript sees something else.
 */
const FORBIDDEN = ['++', '--', '**', '<<', '>>', '//', '/*'];

const ESCAPES = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);

/** Tokens are only what this many characters of code need; longer expressions go to the sandbox. */
const MAX_TOKENS = 256;

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';
const isNameStart = (char: string | undefined) => char !== undefined && /^[A-Za-z_$]$/.test(char);
const isNamePart = (char: string | undefined) => char !== undefined && /^[\w$]$/.test(char);
const isWhitespace = (char: string) => char === ' ' || char === '\t' || char === '\n' || char === '\r';

/**
 * Splits expression code into tokens, or returns null when the code holds anything outside the fast-path
 * language: other characters or punctuators, non-decimal or separated numbers, other string escapes.
 */
export function tokenize(code: string): FastToken[] | null {
  const tokens: FastToken[] = [];
  let index = 0;
  while (index < code.length) {
    const char = code[index] as string;
    if (isWhitespace(char)) {
      index++;
      continue;
    }
    if (tokens.length === MAX_TOKENS) return null;
    let end: number;
    if (isDigit(char) || (char === '.' && isDigit(code[index + 1]))) {
      end = scanNumber(code, index);
      if (end === -1) return null;
      const text = code.slice(index, end);
      tokens.push({ type: 'number', value: Number(text), text });
    } else if (char === "'" || char === '"') {
      const scanned = scanString(code, index);
      if (!scanned) return null;
      tokens.push({ type: 'string', value: scanned.value });
      end = scanned.end;
    } else if (isNameStart(char)) {
      end = index + 1;
      while (isNamePart(code[end])) end++;
      // A backslash or a non-ASCII letter could continue the name in JavaScript.
      if (end < code.length && (code[end] === '\\' || (code.charCodeAt(end) as number) > 127)) return null;
      tokens.push({ type: 'name', value: code.slice(index, end) });
    } else {
      const value = punctuatorAt(code, index);
      if (value === null) return null;
      tokens.push({ type: 'punctuator', value });
      end = index + value.length;
    }
    index = end;
  }
  return tokens;
}

function punctuatorAt(code: string, index: number): string | null {
  if (FORBIDDEN.some((forbidden) => code.startsWith(forbidden, index))) return null;
  const value = PUNCTUATORS.find((punctuator) => code.startsWith(punctuator, index));
  if (value === undefined) return null;
  // `a?.5:1` is a conditional: `?.` followed by a digit is not optional chaining.
  return value === '?.' && isDigit(code[index + 2]) ? '?' : value;
}

/** End of the decimal literal at `start`, or -1 when it is not one the fast path accepts. */
function scanNumber(code: string, start: number): number {
  let index = start;
  // `01` and `08` are legacy octal (a syntax error in strict code); `0x`, `0b`, `0o` end below.
  if (code[index] === '0' && isDigit(code[index + 1])) return -1;
  while (isDigit(code[index])) index++;
  if (code[index] === '.') {
    index++;
    while (isDigit(code[index])) index++;
  }
  if (code[index] === 'e' || code[index] === 'E') {
    index++;
    if (code[index] === '+' || code[index] === '-') index++;
    if (!isDigit(code[index])) return -1;
    while (isDigit(code[index])) index++;
  }
  // `1_000`, `5n`, `0x1f`, `3in`: anything name-like right after the digits is not ours (or not valid).
  const next = code[index];
  if (isNamePart(next) || next === '\\' || (next !== undefined && next.charCodeAt(0) > 127)) return -1;
  return index;
}

/** The string literal at `start` (value and end), or null for an unterminated one or another escape. */
function scanString(code: string, start: number): { value: string; end: number } | null {
  const quote = code[start];
  let value = '';
  for (let index = start + 1; index < code.length; index++) {
    const char = code[index] as string;
    if (char === quote) return { value, end: index + 1 };
    if (char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029') return null;
    if (char === '\\') {
      const escaped = ESCAPES.get(code[index + 1] as string);
      if (escaped === undefined) return null;
      value += escaped;
      index++;
    } else {
      value += char;
    }
  }
  return null;
}
