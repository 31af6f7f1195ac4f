/** The other nodes a piece of expression or Code node source reads. */
export interface NodeReferences {
  /** Node names referenced with a literal: `$('Name')`, `$node["Name"]`, `$node.Name`, `$items("Name")`. */
  names: Set<string>;
  /** True when a node is chosen at run time (`$(name)`, `$node[key]`, bare `$node`): any node may be read. */
  dynamic: boolean;
}

/**
 * Where code names a node. `name` is null when the node is chosen at run time. `start`/`end` delimit the
 * name as written: the whole string literal (quotes included) for `$('X')`, `$items("X")`, `$node['X']`,
 * and the identifier for `$node.X`.
 */
export type NodeReferenceSite =
  | { kind: 'dynamic'; name: null }
  | { kind: 'literal'; name: string; start: number; end: number; quote: "'" | '"' | '`' }
  /** `$node.X` / `$node?.X`; `dot` is where the `.` of a plain `.X` starts (null for `?.X`). */
  | { kind: 'property'; name: string; start: number; end: number; dot: number | null };

/** Starts of node accessors: `$(`, `$items(`, `$node` (not `$nodeVersion`, not `x$(`). */
const ACCESSOR = /(?<![\w$])\$(?:(\()|items\s*\(|node(?![\w$]))/g;
/** A string literal argument (group 1: the literal with its quotes: '…', "…", or `…` without substitutions). */
const LITERAL = `\\s*('(?:[^'\\\\\\n]|\\\\.)*'|"(?:[^"\\\\\\n]|\\\\.)*"|\`(?:[^\`\\\\$]|\\\\.|\\$(?!\\{))*\`)\\s*`;
const CALL_ARGUMENT = new RegExp(`${LITERAL}[,)]`, 'yd');
const NODE_INDEX = new RegExp(`\\s*(?:\\?\\.)?\\s*\\[${LITERAL}\\]`, 'yd');
/** `.Name` or `?.Name` (group 1: the `.` of a plain access, group 2: the name). */
const NODE_PROPERTY = /\s*(?:\?\.|(\.))\s*([A-Za-z_$][\w$]*)/dy;
const ESCAPE = /\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[^ux])/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/**
 * Every place code names a node, in source order. A scan of the text, not a parse: a `$('X')` inside a
 * string counts too, which is harmless for both users (a bigger snapshot; a renamed look-alike).
 */
export function* nodeReferenceSites(code: string): Generator<NodeReferenceSite> {
  if (!code.includes('$')) return;
  const accessor = new RegExp(ACCESSOR);
  for (let match = accessor.exec(code); match; match = accessor.exec(code)) {
    const after = accessor.lastIndex;
    const site = match[0].endsWith('node')
      ? nodeAccessSite(code, after)
      : literalSite(CALL_ARGUMENT, code, after);
    yield site ?? { kind: 'dynamic', name: null };
  }
}

/**
 * Finds the nodes that code refers to, statically. False positives (a `$('X')` inside a string) only make
 * the snapshot bigger; anything that cannot be read statically marks the references as dynamic.
 */
export function findNodeReferences(codes: Iterable<string>): NodeReferences {
  const names = new Set<string>();
  let dynamic = false;
  for (const code of codes) {
    for (const site of nodeReferenceSites(code)) {
      if (site.name === null) dynamic = true;
      else names.add(site.name);
    }
  }
  return { names, dynamic };
}

function nodeAccessSite(code: string, at: number): NodeReferenceSite | null {
  const indexed = literalSite(NODE_INDEX, code, at);
  if (indexed) return indexed;
  NODE_PROPERTY.lastIndex = at;
  const match = NODE_PROPERTY.exec(code);
  const span = match?.indices?.[2];
  if (!match || !span) return null;
  const dot = match.indices?.[1]?.[0] ?? null;
  return { kind: 'property', name: match[2] as string, start: span[0], end: span[1], dot };
}

function literalSite(pattern: RegExp, code: string, at: number): NodeReferenceSite | null {
  pattern.lastIndex = at;
  const match = pattern.exec(code);
  const span = match?.indices?.[1];
  if (!match || !span) return null;
  const literal = match[1] as string;
  const quote = literal[0] as "'" | '"' | '`';
  return {
    kind: 'literal',
    name: unescapeLiteral(literal.slice(1, -1)),
    start: span[0],
    end: span[1],
    quote,
  };
}

function unescapeLiteral(literal: string): string {
  if (!literal.includes('\\')) return literal;
  return literal.replace(ESCAPE, (_, sequence: string) => {
    if (sequence.startsWith('u') || sequence.startsWith('x')) {
      const hex = sequence.startsWith('u{') ? sequence.slice(2, -1) : sequence.slice(1);
      const point = Number.parseInt(hex, 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : `\\${sequence}`;
    }
    return SIMPLE_ESCAPES[sequence] ?? sequence;
  });
}
