import type { PropertySpec } from '@klikkflow/types';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { described, idParams, listOf } from './route-schemas.js';

const TAG = 'Credentials';
const BASE = '/api/v1/credentials';

/** A credential as the API shows it: which fields are set, never their values (G10). */
const credentialSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  fields: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const name = z.string().trim().min(1).max(128);
const typeName = z.string().min(1).max(128);

const createBody = z.object({ name, type: typeName, data: z.record(z.string(), z.unknown()) }).strict();

const patchBody = z
  .object({
    name: name.optional(),
    /** Replaces the named fields; a field set to null is removed. */
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const credentialTypeSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  description: z.string().optional(),
  properties: z.array(described<PropertySpec>({ type: 'object', description: 'A form field' })),
});

/** A secret field (`typeOptions.password`) is described without its default, which could be a secret. */
function withoutSecretDefaults(properties: readonly PropertySpec[]): PropertySpec[] {
  return properties.map((property) => {
    const described: PropertySpec =
      property.typeOptions?.password === true ? { ...property, default: undefined } : property;
    return described.properties
      ? { ...described, properties: withoutSecretDefaults(described.properties) }
      : described;
  });
}

/** Credentials (encrypted at rest, never answered with their values) and the credential types. */
export function credentialRoutes(context: AppContext): AnyRouteSpec[] {
  const { credentials } = context;
  const types = context.credentialTypes.map((type) => ({
    name: type.name,
    displayName: type.displayName,
    ...(type.description !== undefined && { description: type.description }),
    properties: withoutSecretDefaults(type.properties),
  }));
  return [
    defineRoute({
      method: 'GET',
      url: BASE,
      operationId: 'listCredentials',
      summary: 'Credentials, oldest first (names of the fields set, never their values); ?type= filters',
      tag: TAG,
      access: 'authenticated',
      query: z.object({ type: typeName.optional() }).strict(),
      response: listOf(credentialSchema),
      handler: async ({ query }) => ({
        data: await credentials.list(query.type ? { type: query.type } : {}),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: BASE,
      operationId: 'createCredential',
      summary: 'Store a credential, checked against its type and encrypted',
      tag: TAG,
      access: 'authenticated',
      body: createBody,
      status: 201,
      response: credentialSchema,
      handler: async ({ body }) => credentials.create(body),
    }),
    defineRoute({
      method: 'GET',
      url: `${BASE}/:id`,
      operationId: 'getCredential',
      summary: 'A credential (names of the fields set, never their values)',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      response: credentialSchema,
      handler: async ({ params }) => credentials.get(params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: `${BASE}/:id`,
      operationId: 'updateCredential',
      summary: 'Rename a credential or replace some of its fields (null removes a field)',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      body: patchBody,
      response: credentialSchema,
      handler: async ({ params, body }) => credentials.update(params.id, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteCredential',
      summary: 'Delete a credential',
      tag: TAG,
      access: 'authenticated',
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        await credentials.delete(params.id);
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/credential-types',
      operationId: 'listCredentialTypes',
      summary: 'The credential types and their form fields (no default of a secret field)',
      tag: TAG,
      access: 'authenticated',
      response: listOf(credentialTypeSchema),
      handler: async () => ({ data: types }),
    }),
  ];
}
