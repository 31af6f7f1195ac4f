import { UserError } from '@klikkflow/types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { AnyRouteSpec } from './route.js';

/** What route registration needs from the auth layer. */
export interface RouteGuard {
  /** The caller, from an API key header or a session cookie; undefined when anonymous. */
  authenticate(request: FastifyRequest): Promise<Principal | undefined>;
  /** True once the owner account exists (until then only `public` and `setup` routes answer). */
  ownerExists(): Promise<boolean>;
  /** Throws `AUTH_CSRF` when a cookie-authenticated unsafe request comes from another origin. */
  checkCsrf(request: FastifyRequest, principal: Principal): void;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  throw new UserError('VALIDATION_FAILED', `invalid ${part}: ${first?.path} ${first?.message}`, {
    details: { issues },
  });
}

/** Registers every route with input validation and its access rule enforced before the handler runs. */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly AnyRouteSpec[],
  guard: RouteGuard,
): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        let principal: Principal | undefined;
        if (route.access !== 'public') {
          if (route.access === 'authenticated' && !(await guard.ownerExists())) {
            throw new UserError('SETUP_REQUIRED', 'create the owner account first: POST /api/v1/owner/setup');
          }
          principal = await guard.authenticate(request);
          if (route.access === 'authenticated') {
            if (!principal)
              throw new UserError('AUTH_REQUIRED', 'sign in or send an X-KLIKKFLOW-API-KEY header');
            guard.checkCsrf(request, principal);
          }
        }
        const params = parse(route.params, request.params, 'params');
        const query = parse(route.query, request.query, 'query');
        const body = parse(route.body, request.body ?? undefined, 'body');
        const result = await route.handler({ params, query, body, principal, request, reply });
        if (reply.sent) return reply;
        reply.code(route.status ?? 200);
        return result === undefined ? reply.send() : reply.send(result);
      },
    });
  }
}
