import { isExpression, splitPath } from '@klikkflow/plugin-sdk';

/** An expression found in a parameter tree. */
export interface ParameterSite {
  /** Dotted path with array indexes in brackets: `options.headers[0].value`. */
  path: string;
  /** The template, with its leading `=`. */
  expression: string;
  /** Index of the distinct expression in {@link ParameterTree.expressions}. */
  slot: number;
}

/** Only the containers with expressions below them, mirrored over the original parameters. */
export type ParameterShape =
  | { kind: 'site'; site: ParameterSite }
  | { kind: 'container'; source: Record<string, unknown> | unknown[]; children: Map<string, ParameterShape> };

/** Where the expressions of a parameter object are. */
export interface ParameterTree {
  parameters: Record<string, unknown>;
  /** Null when the parameters hold no expression. */
  root: ParameterShape | null;
  sites: ParameterSite[];
  /** Distinct expression strings; the same string in two places is evaluated once per item. */
  expressions: string[];
}

/** The value of a site for an item; throws that item's error when it failed. */
export type SiteValue = (site: ParameterSite, itemIndex: number) => unknown;

const analysed = new WeakMap<Record<string, unknown>, { raw: string; tree: ParameterTree }>();

/**
 * Finds every expression (string starting with `=`) in a parameter tree, at any depth, except under the
 * `raw` paths (left as templates for the node to evaluate itself). Cached per parameters object: node
 * parameters are workflow data and must not be mutated while a workflow runs.
 */
export function analyseParameters(
  parameters: Record<string, unknown>,
  raw: readonly string[] = [],
): ParameterTree {
  const rawKey = raw.join('\n');
  const known = analysed.get(parameters);
  if (known?.raw === rawKey) return known.tree;
  const rawPaths = new Set(raw);
  const tree: ParameterTree = { parameters, root: null, sites: [], expressions: [] };
  const slots = new Map<string, number>();
  const visit = (value: unknown, path: string): ParameterShape | null => {
    if (rawPaths.has(path)) return null;
    if (isExpression(value)) {
      let slot = slots.get(value);
      if (slot === undefined) {
        slot = tree.expressions.push(value) - 1;
        slots.set(value, slot);
      }
      const site: ParameterSite = { path, expression: value, slot };
      tree.sites.push(site);
      return { kind: 'site', site };
    }
    if (value === null || typeof value !== 'object') return null;
    const source = value as Record<string, unknown> | unknown[];
    const children = new Map<string, ParameterShape>();
    const entries: [string, unknown][] = Array.isArray(source)
      ? source.map((entry, index) => [String(index), entry])
      : Object.entries(source);
    for (const [key, child] of entries) {
      const childPath = Array.isArray(source) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      const shape = visit(child, childPath);
      if (shape) children.set(key, shape);
    }
    return children.size > 0 ? { kind: 'container', source, children } : null;
  };
  tree.root = visit(parameters, '');
  analysed.set(parameters, { raw: rawKey, tree });
  return tree;
}

/**
 * The value at `path` (`a.b[0].c` or `a.b.0.c`) for one item: static values as they are, expressions
 * resolved, reading on into a resolved value when the path goes deeper than the expression.
 */
export function valueAt(tree: ParameterTree, path: string, itemIndex: number, siteValue: SiteValue): unknown {
  let shape = tree.root;
  let value: unknown = tree.parameters;
  for (const key of splitPath(path)) {
    if (shape?.kind === 'site') {
      value = siteValue(shape.site, itemIndex);
      shape = null;
    }
    if (shape) {
      value = ownValue(shape.source, key);
      shape = shape.children.get(key) ?? null;
    } else {
      value = ownValue(value, key);
    }
  }
  return build(shape, value, itemIndex, siteValue);
}

/** True when no expression is at or below `path`: its value is then the same for every item. */
export function isStaticPath(tree: ParameterTree, path: string): boolean {
  let shape = tree.root;
  for (const key of splitPath(path)) {
    if (!shape) return true;
    if (shape.kind === 'site') return false;
    shape = shape.children.get(key) ?? null;
  }
  return shape === null;
}

/** All parameters resolved for one item; subtrees without expressions are shared, not copied. */
export function resolvedTree(
  tree: ParameterTree,
  itemIndex: number,
  siteValue: SiteValue,
): Record<string, unknown> {
  return build(tree.root, tree.parameters, itemIndex, siteValue) as Record<string, unknown>;
}

function build(
  shape: ParameterShape | null,
  value: unknown,
  itemIndex: number,
  siteValue: SiteValue,
): unknown {
  if (!shape) return value;
  if (shape.kind === 'site') return siteValue(shape.site, itemIndex);
  if (Array.isArray(shape.source)) {
    const copy = shape.source.slice();
    for (const [key, child] of shape.children)
      copy[Number(key)] = build(child, undefined, itemIndex, siteValue);
    return copy;
  }
  const copy: Record<string, unknown> = { ...shape.source };
  for (const [key, child] of shape.children) {
    const resolved = build(child, undefined, itemIndex, siteValue);
    // A parameter named "__proto__" must stay an own key, not change the copy's prototype.
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: resolved,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else copy[key] = resolved;
  }
  return copy;
}

function ownValue(container: unknown, key: string): unknown {
  if (container === null || typeof container !== 'object' || !Object.hasOwn(container, key)) return undefined;
  return (container as Record<string, unknown>)[key];
}
