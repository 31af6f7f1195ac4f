import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { idParams, listOf, notFound, orNotFound } from './route-schemas.js';

const TAG = 'Tags';
const BASE = '/api/v1/tags';

const tagSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  /** How many workflows carry the tag. */
  usageCount: z.number().int(),
});

const tagBody = z.object({ name: z.string().trim().min(1).max(128) }).strict();

const tagNotFound = (id: string) => notFound('TAG_NOT_FOUND', 'tag', id);

/** Tags: names are unique; renaming or deleting one changes every workflow carrying it. */
export function tagRoutes(context: AppContext): AnyRouteSpec[] {
  const repo = context.repos.tags;
  return [
    defineRoute({
      method: 'GET',
      url: BASE,
      operationId: 'listTags',
      summary: 'Tags with how many workflows carry each',
      tag: TAG,
      access: 'authenticated',
      response: listOf(tagSchema),
      handler: async () => ({ data: await repo.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: BASE,
      operationId: 'createTag',
      summary: 'Create a tag (409 when the name is taken)',
      tag: TAG,
      access: 'authenticated',
      body: tagBody,
      status: 201,
      response: tagSchema,
      handler: async ({ body }) => repo.create(body.name),
    }),
    defineRoute({
      method: 'PATCH',
      url: `${BASE}/:id`,
      operationId: 'renameTag',
      summary: 'Rename a tag, in every workflow that carries it too',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      body: tagBody,
      response: tagSchema,
      handler: async ({ params, body }) =>
        orNotFound(repo.rename(params.id, body.name), () => tagNotFound(params.id)),
    }),
    defineRoute({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteTag',
      summary: 'Delete a tag and remove it from every workflow',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        if (!(await repo.delete(params.id))) throw tagNotFound(params.id);
        return undefined;
      },
    }),
  ];
}
