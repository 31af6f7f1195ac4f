import type { AppContext } from '../app-context.js';
import type { AnyRouteSpec } from '../http/route.js';
import { authRoutes } from './auth.routes.js';
import { credentialRoutes } from './credential.routes.js';
import { executionRoutes } from './execution.routes.js';
import { liveRoutes } from './live.routes.js';
import { nodeTypeRoutes } from './node-type.routes.js';
import { systemRoutes } from './system.routes.js';
import { tagRoutes } from './tag.routes.js';
import { variableRoutes } from './variable.routes.js';
import { workflowRoutes } from './workflow.routes.js';

/** A function that builds one set of routes. */
export type RouteSet = (context: AppContext, openApi: () => Record<string, unknown>) => AnyRouteSpec[];

/** The route sets of the stored resources (everything but system and sign-in routes). */
export const resourceRouteSets: RouteSet[] = [
  workflowRoutes,
  executionRoutes,
  liveRoutes,
  credentialRoutes,
  nodeTypeRoutes,
  tagRoutes,
  variableRoutes,
];

/** Every route set of the API, in the order the OpenAPI document lists them. */
export const apiRouteSets: RouteSet[] = [systemRoutes, authRoutes, ...resourceRouteSets];
