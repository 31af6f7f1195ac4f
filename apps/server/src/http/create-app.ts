import { isDatabaseUnavailable } from '@klikkflow/database';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { AppContext } from '../app-context.js';
import { errorResponse } from './error-response.js';
import { buildOpenApiDocument } from './openapi.js';
import { type RouteGuard, registerRoutes } from './register-routes.js';
import type { AnyRouteSpec } from './route.js';

/** What the HTTP app itself needs; each role's routes may need more. */
export type HttpAppContext = Pick<AppContext, 'logger' | 'config' | 'version' | 'database' | 'metrics'> & {
  auth: RouteGuard;
};

/** Builds the Fastify app: routes, error mapping, body limits, request metrics. Does not listen. */
export function createHttpApp<C extends HttpAppContext>(
  context: C,
  routeSets: ((context: C, openApi: () => Record<string, unknown>) => AnyRouteSpec[])[],
  extra?: (app: FastifyInstance) => void,
): FastifyInstance {
  // Typed with the default logger interface: pino's richer type would leak into every route signature.
  const app: FastifyInstance = Fastify({
    loggerInstance: context.logger,
    // Per-request lines would cost more than a whole simple execution; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: pino applies its redaction to every child's bindings, which cost more
    // allocation per webhook call than the execution itself. Error lines name the request id instead.
    childLoggerFactory: (logger) => logger,
    bodyLimit: context.config.maxBodyMb * 1024 * 1024,
    // Prototype-poisoning keys in a JSON body are refused (400), never merged into objects.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  let document: Record<string, unknown> | undefined;
  const routes: AnyRouteSpec[] = [];
  const openApi = () => {
    document ??= buildOpenApiDocument(routes, context.version);
    return document;
  };
  for (const set of routeSets) routes.push(...set(context, openApi));
  registerRoutes(app, routes, context.auth);
  extra?.(app);

  /**
   * True for a connection failure, and for any other server-side failure while the database does not
   * answer a ping: a closed pool or an unknown driver reports it in words no list can foresee.
   */
  async function databaseDown(error: unknown): Promise<boolean> {
    if (isDatabaseUnavailable(error)) return true;
    if (errorResponse(error).status < 500) return false;
    return context.database.ping().then(
      () => false,
      () => true,
    );
  }

  app.setErrorHandler(async (error, request, reply) => {
    // G1: a store that does not answer is a 503, never a 2xx and never an opaque 500.
    const { status, body } = (await databaseDown(error))
      ? {
          status: 503,
          body: { code: 'DB_UNAVAILABLE', message: 'the database does not answer; try again later' },
        }
      : errorResponse(error);
    if (status >= 500)
      request.log.error({ err: error, reqId: request.id, url: request.url }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.httpRequests.inc({
      method: request.method,
      route,
      status_code: String(reply.statusCode),
    });
  });
  return app;
}
