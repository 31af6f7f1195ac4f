import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';

/**
 * Who may call a route (G12: every route declares one). `public` answers anyone at any time (health,
 * webhooks); `setup` answers anyone, also before the owner exists (owner setup, login); `authenticated`
 * needs a session or API key, and nothing but `public`/`setup` routes answer before the owner exists.
 */
export type RouteAccess = 'public' | 'setup' | 'authenticated';

/** HTTP methods of API routes. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler receives: validated input and the caller. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Set on `authenticated` routes; on others when the caller happens to be signed in. */
  principal?: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One API route: its schemas are the validation and the OpenAPI document at once. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: RouteMethod;
  /** Fastify path, e.g. `/api/v1/workflows/:id`. */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Schema of a successful answer, for the OpenAPI document. */
  response?: z.ZodType<R>;
  /** Returns the body to send, or `undefined` after answering through `reply` itself (streams). */
  handler(input: RouteInput<P, Q, B>): Promise<R | undefined>;
}

/** Any route, as the registry and the document generator handle them. */
// biome-ignore lint/suspicious/noExplicitAny: the table holds routes of every input and output type.
export type AnyRouteSpec = RouteSpec<any, any, any, any>;

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> {
  return spec;
}
