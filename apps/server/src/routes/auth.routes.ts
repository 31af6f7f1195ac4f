import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { SignedIn } from '../auth/auth-service.js';
import { sessionCookie } from '../auth/cookies.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';

/** A user as the API shows it. */
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.string(),
});

const ownerSetupBody = z
  .object({
    email: z.email(),
    password: z.string().min(1).max(256),
    firstName: z.string().max(128).default(''),
    lastName: z.string().max(128).default(''),
  })
  .strict();

const loginBody = z
  .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(256) })
  .strict();

const apiKeySchema = z.object({
  id: z.string(),
  label: z.string(),
  prefix: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().optional(),
  revokedAt: z.number().optional(),
});

const idParams = z.object({ id: z.string().min(1).max(128) }).strict();

/** Sets the session cookie of a sign-in and returns the user. */
function withSession(
  signedIn: SignedIn,
  input: { request: { protocol: string }; reply: { header(name: string, value: string): unknown } },
) {
  input.reply.header(
    'set-cookie',
    sessionCookie(signedIn.token, {
      maxAgeSeconds: Math.floor((signedIn.expiresAt - Date.now()) / 1000),
      secure: input.request.protocol === 'https',
    }),
  );
  return { user: signedIn.user };
}

/** Owner setup, sign-in and out, the current user, API keys. */
export function authRoutes(context: AppContext): AnyRouteSpec[] {
  const { auth } = context;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/owner/setup',
      operationId: 'getSetupState',
      summary: 'Whether the owner account still has to be created',
      tag: 'Auth',
      access: 'setup',
      response: z.object({ setupRequired: z.boolean() }),
      handler: async () => ({ setupRequired: !(await auth.ownerExists()) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/owner/setup',
      operationId: 'setupOwner',
      summary: 'Create the owner account (only before one exists) and sign in',
      tag: 'Auth',
      access: 'setup',
      body: ownerSetupBody,
      status: 201,
      response: z.object({ user: userSchema }),
      handler: async (input) => withSession(await auth.setupOwner(input.body), input),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/login',
      operationId: 'login',
      summary: 'Sign in with email and password; sets the session cookie',
      tag: 'Auth',
      access: 'setup',
      body: loginBody,
      response: z.object({ user: userSchema }),
      handler: async (input) =>
        withSession(await auth.login(input.body.email, input.body.password, input.request.ip), input),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/logout',
      operationId: 'logout',
      summary: 'Sign out: ends the session',
      tag: 'Auth',
      access: 'authenticated',
      status: 204,
      handler: async (input) => {
        if (input.principal) await auth.logout(input.principal);
        input.reply.header(
          'set-cookie',
          sessionCookie('', { maxAgeSeconds: 0, secure: input.request.protocol === 'https' }),
        );
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/me',
      operationId: 'getCurrentUser',
      summary: 'The signed-in user',
      tag: 'Auth',
      access: 'authenticated',
      response: userSchema,
      handler: async ({ principal }) => principal?.user,
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/api-keys',
      operationId: 'listApiKeys',
      summary: 'Your API keys (never the keys themselves)',
      tag: 'Auth',
      access: 'authenticated',
      response: z.object({ data: z.array(apiKeySchema) }),
      handler: async ({ principal }) => ({ data: await auth.listApiKeys(principal?.user.id ?? '') }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/api-keys',
      operationId: 'createApiKey',
      summary: 'Create an API key; the key is shown in this answer only',
      tag: 'Auth',
      access: 'authenticated',
      body: z.object({ label: z.string().min(1).max(128) }).strict(),
      status: 201,
      response: apiKeySchema.extend({ key: z.string() }),
      handler: async ({ principal, body }) => {
        const { key, apiKey } = await auth.createApiKey(principal?.user.id ?? '', body.label);
        return { ...apiKey, key };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/api-keys/:id',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      tag: 'Auth',
      access: 'authenticated',
      params: idParams,
      status: 204,
      handler: async ({ principal, params }) => {
        await auth.revokeApiKey(principal?.user.id ?? '', params.id);
        return undefined;
      },
    }),
  ];
}
