import { XMLParser } from 'fast-xml-parser';
import { isPrototypeKey } from './shared/text-parameters.js';

/** How XML becomes JSON (xml2js-style, so n8n workflows read the same shapes). */
export interface XmlToJsonOptions {
  /** Every child element (and merged attribute) as a list, even when it occurs once. */
  explicitArray: boolean;
  /** Keep the root element as the single top-level key. */
  explicitRoot: boolean;
  ignoreAttributes: boolean;
  /** Key of the attributes object of an element. */
  attrkey: string;
  /** Key of an element's text when it also has attributes or children. */
  charkey: string;
  /** Attributes as plain keys of the element instead of under `attrkey`. */
  mergeAttrs: boolean;
  /** Trim whitespace around text. */
  trim: boolean;
}

/** A node of fast-xml-parser's ordered output: `{ tag: children, ':@'?: attributes }` or a text/CDATA node. */
type OrderedNode = Record<string, unknown>;

const textKey = '#text';
const cdataKey = '#cdata';
const attributesKey = ':@';

/** Renames keys that would write into a prototype (`__proto__` → `___proto__`); others pass unchanged. */
export function safeXmlName(name: string): string {
  return isPrototypeKey(name) ? `_${name}` : name;
}

// Entities are left raw by the parser (processEntities: false) so DOCTYPE-declared entities are never
// expanded (no billion laughs, no external entities); only XML's five and character references are decoded.
const entityPattern = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(entityPattern, (raw, decimal?: string, hex?: string, name?: string) => {
    if (name) return namedEntities[name] ?? raw;
    const codePoint = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : raw;
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
  cdataPropName: cdataKey,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: safeXmlName,
  transformAttributeName: safeXmlName,
  // Names like toString are harmless as data keys; keep them instead of the parser's `__` prefix.
  onDangerousProperty: (name) => name,
});

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== attributesKey);
}

function textOf(node: OrderedNode): string | undefined {
  if (Object.hasOwn(node, textKey)) return decodeEntities(String(node[textKey]));
  const cdata = node[cdataKey];
  if (!Array.isArray(cdata)) return undefined;
  // CDATA is literal: its text is not entity-decoded.
  return cdata.map((part: OrderedNode) => String(part[textKey] ?? '')).join('');
}

function push(entries: Map<string, unknown[]>, key: string, value: unknown): void {
  const list = entries.get(key);
  if (list) list.push(value);
  else entries.set(key, [value]);
}

function elementValue(node: OrderedNode, tag: string, options: XmlToJsonOptions): unknown {
  const children = (node[tag] ?? []) as OrderedNode[];
  const rawAttributes = (options.ignoreAttributes ? {} : (node[attributesKey] ?? {})) as Record<
    string,
    unknown
  >;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttributes)) attributes[name] = decodeEntities(String(value));
  const entries = new Map<string, unknown[]>();
  if (options.mergeAttrs) for (const [name, value] of Object.entries(attributes)) push(entries, name, value);
  let text = '';
  for (const child of children) {
    const childText = textOf(child);
    if (childText !== undefined) {
      text += childText;
      continue;
    }
    const childTag = tagOf(child);
    if (childTag !== undefined) push(entries, childTag, elementValue(child, childTag, options));
  }
  if (options.trim) text = text.trim();
  const hasAttributes = !options.mergeAttrs && Object.keys(attributes).length > 0;
  if (entries.size === 0 && !hasAttributes) return text;
  const out: Record<string, unknown> = {};
  if (hasAttributes) out[options.attrkey] = attributes;
  // Whitespace between child elements is layout, not content.
  if (text.trim() !== '') out[options.charkey] = text;
  for (const [key, values] of entries) {
    out[key] = options.explicitArray || values.length > 1 ? values : values[0];
  }
  return out;
}

/**
 * Parses an XML document into JSON. Throws an `Error` with the parser's reason for malformed XML, more
 * than one root element, or nesting deeper than 100 elements. Keys `__proto__`, `constructor` and
 * `prototype` come out with a leading `_`, so no result can carry or change a prototype.
 */
export function xmlToJson(xml: string, options: XmlToJsonOptions): Record<string, unknown> {
  const nodes = (parser.parse(xml, true) as OrderedNode[]).filter((node) => tagOf(node) !== undefined);
  const [root, ...others] = nodes;
  if (!root || others.length > 0) {
    throw new Error(`an XML document has exactly one root element, this has ${nodes.length}`);
  }
  const tag = tagOf(root) as string;
  const value = elementValue(root, tag, options);
  if (options.explicitRoot) return { [tag]: value };
  return typeof value === 'string' ? { [options.charkey]: value } : (value as Record<string, unknown>);
}
