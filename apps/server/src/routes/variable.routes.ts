import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { idParams, listOf, notFound, orNotFound } from './route-schemas.js';

const TAG = 'Variables';
const BASE = '/api/v1/variables';

const variableSchema = z.object({
  id: z.string(),
  key: z.string(),
  value: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const key = z.string().min(1).max(128);
const value = z.string().max(65_536);

const variableNotFound = (id: string) => notFound('VARIABLE_NOT_FOUND', 'variable', id);

/** Variables (`$vars.<key>` in expressions); every change reloads the values executions see. */
export function variableRoutes(context: AppContext): AnyRouteSpec[] {
  const repo = context.repos.variables;

  /** Runs a change, then makes running and future executions see it. */
  async function changed<T>(work: Promise<T>): Promise<T> {
    const result = await work;
    await context.reloadVariables();
    return result;
  }

  return [
    defineRoute({
      method: 'GET',
      url: BASE,
      operationId: 'listVariables',
      summary: 'Variables, oldest first',
      tag: TAG,
      access: 'authenticated',
      response: listOf(variableSchema),
      handler: async () => ({ data: await repo.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: BASE,
      operationId: 'createVariable',
      summary: 'Create a variable; the key is an identifier (letters, digits, _), unique (409 when taken)',
      tag: TAG,
      access: 'authenticated',
      body: z.object({ key, value }).strict(),
      status: 201,
      response: variableSchema,
      handler: async ({ body }) => changed(repo.create(body)),
    }),
    defineRoute({
      method: 'PATCH',
      url: `${BASE}/:id`,
      operationId: 'updateVariable',
      summary: 'Change the key or value of a variable',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      body: z.object({ key: key.optional(), value: value.optional() }).strict(),
      response: variableSchema,
      handler: async ({ params, body }) =>
        changed(orNotFound(repo.update(params.id, body), () => variableNotFound(params.id))),
    }),
    defineRoute({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteVariable',
      summary: 'Delete a variable',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        if (!(await changed(repo.delete(params.id)))) throw variableNotFound(params.id);
        return undefined;
      },
    }),
  ];
}
