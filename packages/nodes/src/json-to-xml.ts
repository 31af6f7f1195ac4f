/** How JSON becomes XML (xml2js-style shapes: attributes under `attrkey`, text under `charkey`). */
export interface JsonToXmlOptions {
  /** Name of the root element; empty: the single top-level key if there is one, else `root`. */
  rootName: string;
  /** Leave out the `<?xml …?>` declaration. */
  headless: boolean;
  /** Key of an object holding an element's attributes. */
  attrkey: string;
  /** Key holding an element's text next to attributes or children. */
  charkey: string;
  /** Keys starting with this prefix are attributes too (empty: off). */
  attributePrefix: string;
  /** Wrap text needing escapes in CDATA sections instead of escaping it. */
  cdata: boolean;
  /** Indent with two spaces, one element per line. */
  pretty: boolean;
}

const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const maxDepth = 100;
const namePattern = /^[\p{L}_:][\p{L}\p{N}\p{M}_.:-]*$/u;
/** The first character XML 1.0 cannot hold at all, not even as a character reference. */
function forbiddenCharacter(text: string): number | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const allowedControl = code === 0x09 || code === 0x0a || code === 0x0d;
    if ((code < 0x20 && !allowedControl) || code === 0xfffe || code === 0xffff) return code;
  }
  return undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkName(name: string, what: string): string {
  if (!namePattern.test(name)) throw new Error(`${JSON.stringify(name)} is not a valid XML ${what} name`);
  return name;
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const bad = forbiddenCharacter(text);
  if (bad !== undefined) {
    const code = bad.toString(16).toUpperCase().padStart(4, '0');
    throw new Error(
      `the value ${JSON.stringify(text.slice(0, 40))} holds U+${code}, which XML cannot represent`,
    );
  }
  return text;
}

function escapeText(text: string, options: JsonToXmlOptions): string {
  if (options.cdata && /[<>&]/.test(text)) return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\n\r\t]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Whether a key becomes a child element (not attributes or text). */
function isElementKey(key: string, options: JsonToXmlOptions): boolean {
  const prefix = options.attributePrefix;
  return key !== options.attrkey && key !== options.charkey && !(prefix !== '' && key.startsWith(prefix));
}

interface Parts {
  attributes: [string, string][];
  text: string | undefined;
  children: [string, unknown][];
}

function partsOf(value: Json, options: JsonToXmlOptions): Parts {
  const parts: Parts = { attributes: [], text: undefined, children: [] };
  const prefix = options.attributePrefix;
  for (const [key, child] of Object.entries(value)) {
    if (key === options.attrkey && isObject(child)) {
      for (const [name, attribute] of Object.entries(child)) {
        parts.attributes.push([checkName(name, 'attribute'), scalarText(attribute)]);
      }
    } else if (key === options.charkey && !isObject(child) && !Array.isArray(child)) {
      parts.text = scalarText(child);
    } else if (prefix !== '' && key.startsWith(prefix) && key.length > prefix.length) {
      parts.attributes.push([checkName(key.slice(prefix.length), 'attribute'), scalarText(child)]);
    } else {
      parts.children.push([key, child]);
    }
  }
  return parts;
}

function element(name: string, value: unknown, depth: number, options: JsonToXmlOptions): string[] {
  if (depth > maxDepth) throw new Error(`the data is nested deeper than ${maxDepth} levels`);
  if (Array.isArray(value)) return value.flatMap((entry) => element(name, entry, depth, options));
  const tag = checkName(name, 'element');
  const indent = options.pretty ? '  '.repeat(depth) : '';
  if (!isObject(value)) {
    const text = scalarText(value);
    return [text === '' ? `${indent}<${tag}/>` : `${indent}<${tag}>${escapeText(text, options)}</${tag}>`];
  }
  const { attributes, text, children } = partsOf(value, options);
  const open = `<${tag}${attributes.map(([key, attr]) => ` ${key}="${escapeAttribute(attr)}"`).join('')}`;
  const content = text === undefined || text === '' ? '' : escapeText(text, options);
  if (children.length === 0)
    return [content === '' ? `${indent}${open}/>` : `${indent}${open}>${content}</${tag}>`];
  const inner = children.flatMap(([key, child]) => element(key, child, depth + 1, options));
  if (content !== '') inner.unshift(`${options.pretty ? '  '.repeat(depth + 1) : ''}${content}`);
  return [`${indent}${open}>`, ...inner, `${indent}</${tag}>`];
}

/**
 * Renders JSON as an XML document. Arrays become repeated elements; `null` an empty element. Throws an
 * `Error` for keys that are not XML names, characters XML cannot hold, or nesting deeper than 100.
 */
export function jsonToXml(json: Json, options: JsonToXmlOptions): string {
  const keys = Object.keys(json);
  const single = keys.length === 1 ? keys[0] : undefined;
  let root = options.rootName;
  let value: unknown = json;
  if (root === '' && single !== undefined && isElementKey(single, options) && !Array.isArray(json[single])) {
    root = single;
    value = json[single];
  } else if (root === '') root = 'root';
  const lines = element(root, value, 0, options);
  if (!options.headless) lines.unshift(declaration);
  return lines.join(options.pretty ? '\n' : '');
}
