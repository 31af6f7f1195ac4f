import { webhookMethods } from '@klikkflow/nodes';
import type { Workflow, WorkflowNode } from '@klikkflow/types';

/** The node type ids the server treats as triggers. */
export const WEBHOOK_NODE = 'core.webhook';
export const SCHEDULE_NODE = 'core.scheduleTrigger';
export const ERROR_TRIGGER_NODE = 'core.errorTrigger';
export const RESPOND_NODE = 'core.respondToWebhook';

/** One route a Webhook node listens on. */
export interface WebhookRouteSpec {
  method: string;
  /** Normalised: no leading or trailing slash, no empty segments. */
  path: string;
  nodeId: string;
}

/** `/a//b/` → `a/b`. */
export function normalizeWebhookPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .join('/');
}

/** The enabled nodes of a type. */
export function enabledNodes(workflow: Workflow, type: string): WorkflowNode[] {
  return workflow.nodes.filter((node) => node.type === type && node.disabled !== true);
}

/** Every (method, path) the workflow's Webhook nodes listen on; a blank path uses the webhook id, then the node id. */
export function webhookRoutesOf(workflow: Workflow): WebhookRouteSpec[] {
  return enabledNodes(workflow, WEBHOOK_NODE).flatMap((node) => {
    const raw = typeof node.parameters.path === 'string' ? node.parameters.path : '';
    const path = normalizeWebhookPath(raw) || node.webhookId || node.id;
    return webhookMethods(node.parameters).map((method) => ({ method, path, nodeId: node.id }));
  });
}

/** A route pattern: literal segments, and `:name` segments that capture. */
interface CompiledPattern {
  segments: { literal?: string; param?: string }[];
}

function compile(path: string): CompiledPattern {
  return {
    segments: path
      .split('/')
      .map((segment) =>
        segment.startsWith(':') && segment.length > 1 ? { param: segment.slice(1) } : { literal: segment },
      ),
  };
}

/** Matches a request path against a pattern; the captured params, or undefined. */
function match(pattern: CompiledPattern, path: string): Record<string, string> | undefined {
  const parts = path.split('/');
  if (parts.length !== pattern.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.segments.entries()) {
    const part = parts[index] as string;
    if (segment.param !== undefined) {
      if (part === '') return undefined;
      params[segment.param] = decodeURIComponent(part);
    } else if (segment.literal !== part) return undefined;
  }
  return params;
}

/** A registered route with what it starts. */
export interface RegisteredWebhook<T> {
  route: WebhookRouteSpec;
  target: T;
}

/**
 * Webhook routes in memory for fast matching: exact paths by map lookup, `:param` paths by scanning.
 * Exact paths win over patterns, as in n8n.
 */
export class WebhookTable<T> {
  readonly #exact = new Map<string, RegisteredWebhook<T>>();
  readonly #patterns: { pattern: CompiledPattern; entry: RegisteredWebhook<T>; owner: string }[] = [];
  readonly #owners = new Map<string, string[]>();

  /** Replaces every route of `owner` (a workflow id). */
  set(owner: string, routes: readonly WebhookRouteSpec[], target: T): void {
    this.remove(owner);
    const keys: string[] = [];
    for (const route of routes) {
      const entry = { route, target };
      if (route.path.split('/').some((segment) => segment.startsWith(':'))) {
        this.#patterns.push({ pattern: compile(route.path), entry: { ...entry }, owner });
      } else {
        const key = `${route.method} ${route.path}`;
        this.#exact.set(key, entry);
        keys.push(key);
      }
    }
    this.#owners.set(owner, keys);
  }

  remove(owner: string): void {
    for (const key of this.#owners.get(owner) ?? []) this.#exact.delete(key);
    this.#owners.delete(owner);
    for (let index = this.#patterns.length - 1; index >= 0; index--) {
      if (this.#patterns[index]?.owner === owner) this.#patterns.splice(index, 1);
    }
  }

  /** The route for a request, with path params; `methodsAllowed` lists methods the path has otherwise. */
  find(
    method: string,
    path: string,
  ): { entry: RegisteredWebhook<T>; params: Record<string, string> } | { methodsAllowed: string[] } {
    const exact = this.#exact.get(`${method} ${path}`);
    if (exact) return { entry: exact, params: {} };
    const allowed = new Set<string>();
    for (const { pattern, entry } of this.#patterns) {
      const params = match(pattern, path);
      if (!params) continue;
      if (entry.route.method === method) return { entry, params };
      allowed.add(entry.route.method);
    }
    for (const [key] of this.#exact) {
      const [otherMethod, otherPath] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
      if (otherPath === path) allowed.add(otherMethod);
    }
    return { methodsAllowed: [...allowed] };
  }
}
