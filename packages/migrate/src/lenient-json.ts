import { UserError } from '@klikkflow/types';

/** A parsed JSON document, and whether text after its first value had to be ignored. */
export interface LenientJson {
  value: unknown;
  /** The ignored text after the first value (trimmed, at most 40 characters), when there was any. */
  ignoredTail?: string;
}

/** Index just past the object or array that starts at `start`, or -1 when it never closes. */
function endOfContainer(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

/**
 * Parses JSON, tolerating text after the first top-level object or array: shared n8n files are often
 * pasted twice or followed by a title. Anything else that is not JSON fails with `IMPORT_NOT_JSON`.
 */
export function parseLenientJson(text: string): LenientJson {
  const source = text.replace(/^\uFEFF/, '');
  try {
    return { value: JSON.parse(source) };
  } catch (strictError) {
    const start = source.search(/\S/);
    const first = start >= 0 ? source[start] : undefined;
    const end = first === '{' || first === '[' ? endOfContainer(source, start) : -1;
    const tail = end > 0 ? source.slice(end).trim() : '';
    if (end > 0 && tail !== '') {
      try {
        return { value: JSON.parse(source.slice(0, end)), ignoredTail: tail.slice(0, 40) };
      } catch {
        // fall through to the original error, which names the real problem
      }
    }
    throw new UserError('IMPORT_NOT_JSON', `not valid JSON: ${(strictError as Error).message}`);
  }
}
