import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, {
  type FastifyInstance,
  type FastifyServerFactory,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { AppContext } from '../app-context.js';
import { failureAnswer } from './failure-answer.js';
import { buildOpenApiDocument } from './openapi.js';
import { type RouteGuard, registerRoutes } from './register-routes.js';
import type { AnyRouteSpec } from './route.js';

/** What the HTTP app itself needs; each role's routes may need more. */
export type HttpAppContext = Pick<AppContext, 'logger' | 'config' | 'version' | 'database' | 'metrics'> & {
  auth: RouteGuard;
};

/**
 * Requests answered before Fastify sees them: true when it took the request. The webhook routes are served
 * this way because they are the hot path and need none of Fastify's routing, hooks or body parsing: it
 * saves a sizeable part of the CPU a simple webhook execution costs.
 */
export type RawRoutes = (request: IncomingMessage, response: ServerResponse) => boolean;

/** An HTTP server that offers each request to `rawRoutes` first, set up as Fastify sets up its own. */
function rawRoutesFirst(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: FastifyServerOptions,
  rawRoutes: RawRoutes,
): Server {
  const server = createServer((request, response) => {
    if (!rawRoutes(request, response)) handler(request, response);
  });
  server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
  server.requestTimeout = options.requestTimeout ?? 0;
  server.setTimeout(options.connectionTimeout ?? 0);
  return server;
}

/**
 * Builds the Fastify app: routes, error mapping, body limits, request metrics. Does not listen. `extra`
 * registers more Fastify routes; `rawRoutes` answers requests before Fastify (see {@link RawRoutes}).
 */
export function createHttpApp<C extends HttpAppContext>(
  context: C,
  routeSets: ((context: C, openApi: () => Record<string, unknown>) => AnyRouteSpec[])[],
  extra?: (app: FastifyInstance) => void,
  rawRoutes?: RawRoutes,
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
    ...(rawRoutes && {
      serverFactory: ((handler, options) =>
        rawRoutesFirst(handler, options, rawRoutes)) satisfies FastifyServerFactory<Server>,
    }),
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

  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = await failureAnswer(error, context.database);
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
