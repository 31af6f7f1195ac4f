import { invalidParameter } from './parameter-error.js';

/** Longest user pattern accepted: long patterns are where catastrophic backtracking hides. */
export const maxPatternLength = 256;

/** Longest text a user pattern is run on; longer text is left alone. */
export const maxRegexInputLength = 1024;

/** The quantifier starting at `index` (`+`, `*`, `?`, `{n}`, `{n,}`, `{n,m}`), or ''. */
function quantifierAt(pattern: string, index: number): string {
  const char = pattern[index] ?? '';
  if (char === '+' || char === '*' || char === '?') return char;
  return char === '{' ? (/^\{\d+(,\d*)?\}/.exec(pattern.slice(index))?.[0] ?? '') : '';
}

/** Whether a quantifier can match its atom more than once (`?`, `{1}` and `{0,1}` cannot). */
function repeats(quantifier: string): boolean {
  if (quantifier === '' || quantifier === '?') return false;
  if (quantifier === '+' || quantifier === '*') return true;
  const [min, max] = quantifier.slice(1, -1).split(',');
  return max === undefined ? Number(min) > 1 : max === '' || Number(max) > 1;
}

/**
 * Whether a repeated group contains a repetition itself, e.g. `(a+)+`, `((ab)*)*`, `(x{2,}){3,}`: the classic
 * shape of exponential backtracking. A heuristic: it also refuses some harmless patterns.
 */
function hasNestedQuantifier(pattern: string): boolean {
  const groups: boolean[] = []; // per open group: does it contain a repeating quantifier?
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      index++;
    } else if (inClass) {
      inClass = char !== ']';
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      groups.push(false);
    } else if (char === ')') {
      const inner = groups.pop() ?? false;
      const repeated = repeats(quantifierAt(pattern, index + 1));
      if (inner && repeated) return true;
      if ((inner || repeated) && groups.length > 0) groups[groups.length - 1] = true;
    } else {
      if (repeats(quantifierAt(pattern, index)) && groups.length > 0) groups[groups.length - 1] = true;
    }
  }
  return false;
}

/**
 * Compiles a user's regular expression after guarding against catastrophic backtracking: the pattern may
 * be at most {@link maxPatternLength} characters and may not repeat a group that has its own quantifier.
 * Errors are `NODE_PARAMETER_INVALID` naming `parameter`.
 */
export function compileUserRegex(pattern: unknown, flags: string, parameter: string): RegExp {
  if (typeof pattern !== 'string' || pattern === '') {
    throw invalidParameter(`"${parameter}" needs a regular expression`, { parameter });
  }
  if (pattern.length > maxPatternLength) {
    throw invalidParameter(`"${parameter}" is longer than ${maxPatternLength} characters`, { parameter });
  }
  if (hasNestedQuantifier(pattern)) {
    throw invalidParameter(
      `"${parameter}" repeats a group that has its own quantifier (like (a+)+), which can hang; simplify it`,
      { parameter },
    );
  }
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw invalidParameter(`"${parameter}" is not a valid regular expression: ${(error as Error).message}`, {
      parameter,
    });
  }
}
