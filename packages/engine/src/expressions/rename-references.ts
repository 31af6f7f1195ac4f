import { nodeReferenceSites } from './node-references.js';
import { parseTemplate } from './template-parser.js';

/** Names `$node.Name` can keep (the same shape the reference scan reads back). */
const DOT_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * Rewrites the static references to node `oldName` in JavaScript source (`$('Old')`, `$node["Old"]`,
 * `$node.Old`, `$items('Old')`) to name `newName`. A literal keeps its quote style; `$node.Old` becomes
 * `$node["New"]` when the new name is not a plain identifier. References chosen at run time are left alone.
 */
export function renameReferencesInCode(code: string, oldName: string, newName: string): string {
  let out = '';
  let copied = 0;
  for (const site of nodeReferenceSites(code)) {
    if (site.name !== oldName) continue;
    let from = site.start;
    let replacement: string;
    if (site.kind === 'literal') replacement = quoteLiteral(newName, site.quote);
    else if (DOT_NAME.test(newName)) replacement = newName;
    else {
      replacement = `[${quoteLiteral(newName, '"')}]`;
      // `$node.Old` → `$node["New"]` drops the dot; `$node?.Old` → `$node?.["New"]` keeps its `?.`.
      if (site.dot !== null) from = site.dot;
    }
    out += code.slice(copied, from) + replacement;
    copied = site.end;
  }
  return copied === 0 ? code : out + code.slice(copied);
}

/**
 * Renames node references inside the `{{ }}` code parts of an expression parameter (`=...`); the text
 * around them is kept as written, even where it looks like a reference.
 */
export function renameReferencesInExpression(expression: string, oldName: string, newName: string): string {
  if (!expression.includes('$')) return expression;
  let changed = false;
  const body = parseTemplate(expression).parts.map((part) => {
    if ('text' in part) return part.text;
    const code = renameReferencesInCode(part.code, oldName, newName);
    if (code !== part.code) changed = true;
    return `{{${code}}}`;
  });
  return changed ? `=${body.join('')}` : expression;
}

/** A JavaScript string literal of `value` in the given quotes, escaped so it reads back exactly. */
function quoteLiteral(value: string, quote: "'" | '"' | '`'): string {
  let out = quote;
  for (const char of value) {
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\u2028') out += '\\u2028';
    else if (char === '\u2029') out += '\\u2029';
    // In a template literal `${` would open a substitution.
    else if (quote === '`' && char === '$') out += '\\$';
    else out += char;
  }
  return out + quote;
}
