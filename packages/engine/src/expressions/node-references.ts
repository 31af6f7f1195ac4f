/** The other nodes a piece of expression or Code node source reads. */
export interface NodeReferences {
  /** Node names referenced with a literal: `$('Name')`, `$node["Name"]`, `$node.Name`, `$items("Name")`. */
  names: Set<string>;
  /** True when a node is chosen at run time (`$(name)`, `$node[key]`, bare `$node`): any node may be read. */
  dynamic: boolean;
}

/** Starts of node accessors: `$(`, `$items(`, `$node` (not `$nodeVersion`, not `x$(`). */
const ACCESSOR = /(?<![\w$])\$(?:(\()|items\s*\(|node(?![\w$]))/g;
/** A string literal argument (group 1: '…', 2: "…", 3: `…` without substitutions). */
const LITERAL = `\\s*(?:'((?:[^'\\\\\\n]|\\\\.)*)'|"((?:[^"\\\\\\n]|\\\\.)*)"|\`((?:[^\`\\\\$]|\\\\.|\\$(?!\\{))*)\`)\\s*`;
const CALL_ARGUMENT = new RegExp(`${LITERAL}[,)]`, 'y');
const NODE_INDEX = new RegExp(`\\s*(?:\\?\\.)?\\s*\\[${LITERAL}\\]`, 'y');
const NODE_PROPERTY = /\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)/y;
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
 * Finds the nodes that code refers to, statically. False positives (a `$('X')` inside a string) only make
 * the snapshot bigger; anything that cannot be read statically marks the references as dynamic.
 */
export function findNodeReferences(codes: Iterable<string>): NodeReferences {
  const names = new Set<string>();
  let dynamic = false;
  for (const code of codes) {
    if (!code.includes('$')) continue;
    ACCESSOR.lastIndex = 0;
    for (let match = ACCESSOR.exec(code); match; match = ACCESSOR.exec(code)) {
      const after = ACCESSOR.lastIndex;
      const name = match[0].endsWith('node')
        ? nodeAccessName(code, after)
        : literalAt(CALL_ARGUMENT, code, after);
      if (name === null) dynamic = true;
      else names.add(name);
    }
  }
  return { names, dynamic };
}

function nodeAccessName(code: string, at: number): string | null {
  const indexed = literalAt(NODE_INDEX, code, at);
  if (indexed !== null) return indexed;
  NODE_PROPERTY.lastIndex = at;
  return NODE_PROPERTY.exec(code)?.[1] ?? null;
}

function literalAt(pattern: RegExp, code: string, at: number): string | null {
  pattern.lastIndex = at;
  const match = pattern.exec(code);
  if (!match) return null;
  return unescapeLiteral(match[1] ?? match[2] ?? match[3] ?? '');
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
