import type { TemplatePart, TemplateProgram } from '../ports/script-sandbox.port.js';

/** How many parsed templates {@link parseTemplate} keeps at most (those unused longest are dropped first). */
export const TEMPLATE_CACHE_LIMIT = 5_000;

// Two generations rather than a strict LRU: a strict LRU re-inserts an entry on every hit, which showed up
// in profiles of the webhook path, while here a hit on a recent template changes nothing. A template used
// in the older generation moves to the recent one; one unused for a whole generation is dropped.
let recent = new Map<string, TemplateProgram>();
let older = new Map<string, TemplateProgram>();

function remember(source: string, program: TemplateProgram): void {
  if (recent.size >= TEMPLATE_CACHE_LIMIT / 2) {
    older = recent;
    recent = new Map();
  }
  recent.set(source, program);
}

/**
 * Parses a parameter template (`=Hello {{ $json.name }}`) into text and code parts. The leading `=` is
 * stripped when present. A `{{` without a matching `}}` stays literal text, as in n8n. Results are cached
 * (bounded, recently used ones kept) and frozen: the same program object is returned for the same source,
 * so callers may key other caches on it.
 */
export function parseTemplate(source: string): TemplateProgram {
  const hot = recent.get(source);
  if (hot) return hot;
  const warm = older.get(source);
  if (warm) {
    older.delete(source);
    remember(source, warm);
    return warm;
  }
  const body = source.charCodeAt(0) === 61 ? source.slice(1) : source;
  const program: TemplateProgram = Object.freeze({
    parts: Object.freeze(splitTemplate(body)) as TemplatePart[],
  });
  remember(source, program);
  return program;
}

/** The code parts of a program, in order. */
export function codeParts(program: TemplateProgram): string[] {
  const codes: string[] = [];
  for (const part of program.parts) if ('code' in part) codes.push(part.code);
  return codes;
}

function splitTemplate(body: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let position = 0;
  while (position < body.length) {
    const open = body.indexOf('{{', position);
    if (open === -1) break;
    const close = findClose(body, open + 2);
    if (close === -1) break;
    text += body.slice(position, open);
    if (text !== '') parts.push(Object.freeze({ text }));
    text = '';
    parts.push(Object.freeze({ code: body.slice(open + 2, close) }));
    position = close + 2;
  }
  text += body.slice(position);
  if (text !== '') parts.push(Object.freeze({ text }));
  return parts;
}

/**
 * Finds the `}}` that ends the code starting at `from`, skipping string, template and regex literals and
 * balanced braces (so `{{ { a: 1 } }}` and `{{ "}}" }}` work). When that scan cannot find an end (code
 * that only looks like it opens a literal), the first `}}` is taken; -1 when there is none.
 */
function findClose(source: string, from: number): number {
  const scanned = scanCode(source, from);
  return scanned === -1 ? source.indexOf('}}', from) : scanned;
}

/** Characters after which a `/` starts a regular expression literal rather than a division. */
const BEFORE_REGEX = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));

function scanCode(source: string, from: number): number {
  // For each open `${` of a template literal: the brace depth at which its `}` returns to the template.
  const templates: number[] = [];
  let depth = 0;
  let previous = '(';
  let index = from;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '"' || char === "'") {
      index = skipQuoted(source, index);
    } else if (char === '`') {
      index = skipTemplateText(source, index + 1, templates, depth);
    } else if (char === '/' && BEFORE_REGEX.has(previous)) {
      index = skipRegex(source, index);
    } else if (char === '{') {
      depth++;
      index++;
    } else if (char === '}') {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        index = skipTemplateText(source, index + 1, templates, depth);
      } else if (depth > 0) {
        depth--;
        index++;
      } else if (templates.length === 0 && source[index + 1] === '}') {
        return index;
      } else {
        index++;
      }
    } else {
      index++;
    }
    if (index === -1) return -1;
    if (char.trim() !== '') previous = char;
  }
  return -1;
}

/** Index after the closing quote of the string starting at `start`, or -1. */
function skipQuoted(source: string, start: number): number {
  const quote = source[start];
  for (let index = start + 1; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (char === quote) return index + 1;
    else if (char === '\n') return -1;
  }
  return -1;
}

/**
 * Skips template-literal text from `start` (just after a backtick or a `${ }`'s `}`) up to the closing
 * backtick, or up to `${`, in which case the depth it opens at is pushed. Returns the index to go on from.
 */
function skipTemplateText(source: string, start: number, templates: number[], depth: number): number {
  for (let index = start; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (char === '`') return index + 1;
    else if (char === '$' && source[index + 1] === '{') {
      templates.push(depth);
      return index + 2;
    }
  }
  return -1;
}

/** Index after a regex literal starting at `start`; a `/` with no end on its line is taken as a division. */
function skipRegex(source: string, start: number): number {
  let inClass = false;
  for (let index = start + 1; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (char === '\n') break;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) return index + 1;
  }
  return start + 1;
}
