import type { ApiKeyRecord, Repositories, UserRecord } from '@klikkflow/database';
import type { Clock } from '@klikkflow/engine';
import {
  checkPasswordPolicy,
  DUMMY_PASSWORD_HASH,
  generateApiKey,
  generateSessionToken,
  hashApiKey,
  hashPassword,
  type LoginThrottle,
  sessionIdOf,
  verifyPassword,
} from '@klikkflow/security';
import { UserError } from '@klikkflow/types';
import type { FastifyRequest } from 'fastify';
import type { RouteGuard } from '../http/register-routes.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import type { Principal } from './principal.js';

/** How long a login lasts. */
export const SESSION_TTL_MS = 7 * 24 * 3_600_000;

/** The header API keys travel in. */
export const API_KEY_HEADER = 'x-klikkflow-api-key';

/** A user as the API shows it. */
export interface UserView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
}

/** A new owner or login: the user and the session token for the cookie. */
export interface SignedIn {
  user: UserView;
  token: string;
  expiresAt: number;
}

/** Owner setup, logins, sessions and API keys. */
export interface AuthService extends RouteGuard {
  /** Creates the owner; `SETUP_ALREADY_DONE` once one exists. Signs them in. */
  setupOwner(input: {
    email: string;
    password: string;
    firstName: string;
    lastName: string;
  }): Promise<SignedIn>;
  /** Creates the owner from `KLIKKFLOW_OWNER_EMAIL`/`_PASSWORD` when none exists; true when it did. */
  ensureOwner(email: string | undefined, password: string | undefined): Promise<boolean>;
  /** Throttled per account and per IP; the same error for a wrong password and an unknown user. */
  login(email: string, password: string, ip: string): Promise<SignedIn>;
  logout(principal: Principal): Promise<void>;
  createApiKey(userId: string, label: string): Promise<{ key: string; apiKey: ApiKeyRecord }>;
  /** For the CLI: `UserError` `USER_NOT_FOUND` when no such user. */
  createApiKeyForEmail(email: string, label: string): Promise<{ key: string; apiKey: ApiKeyRecord }>;
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(userId: string, id: string): Promise<void>;
}

/** The public fields of a user. */
export function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
  };
}

const principalUser = userView;

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin ?? request.headers.referer;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Creates the auth service. */
export function createAuthService(deps: {
  repos: Pick<Repositories, 'users' | 'sessions' | 'apiKeys'>;
  throttle: LoginThrottle;
  clock: Clock;
}): AuthService {
  const { users, sessions, apiKeys } = deps.repos;
  let ownerKnown = false;

  async function signIn(user: UserRecord): Promise<SignedIn> {
    const { token, id } = generateSessionToken();
    const now = deps.clock.now();
    const expiresAt = now + SESSION_TTL_MS;
    await sessions.create({ id, userId: user.id, createdAt: now, expiresAt });
    return { user: userView(user), token, expiresAt };
  }

  async function createOwner(input: {
    email: string;
    password: string;
    firstName: string;
    lastName: string;
  }) {
    checkPasswordPolicy(input.password);
    if ((await users.count()) > 0) {
      throw new UserError('SETUP_ALREADY_DONE', 'the owner account already exists; sign in instead');
    }
    const user = await users.create({
      email: input.email,
      passwordHash: await hashPassword(input.password),
      firstName: input.firstName,
      lastName: input.lastName,
      role: 'owner',
    });
    ownerKnown = true;
    return user;
  }

  async function keyFor(user: UserRecord, label: string) {
    const generated = generateApiKey();
    const apiKey = await apiKeys.create({
      userId: user.id,
      label,
      keyHash: generated.keyHash,
      prefix: generated.prefix,
    });
    return { key: generated.key, apiKey };
  }

  return {
    async ownerExists() {
      if (!ownerKnown) ownerKnown = (await users.count()) > 0;
      return ownerKnown;
    },
    async authenticate(request) {
      const header = request.headers[API_KEY_HEADER];
      const key = Array.isArray(header) ? header[0] : header;
      if (key) {
        const found = await apiKeys.findActiveByHash(hashApiKey(key));
        // A wrong key is an error, not anonymity: a script must learn its key is bad.
        if (!found) throw new UserError('AUTH_REQUIRED', 'the API key is not valid or was revoked');
        await apiKeys.touch(found.key.id, deps.clock.now());
        return { user: principalUser(found.user), via: 'apiKey', apiKeyId: found.key.id };
      }
      const token = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (!token) return undefined;
      const found = await sessions.find(sessionIdOf(token), deps.clock.now());
      if (!found) return undefined;
      return { user: principalUser(found.user), via: 'session', sessionId: found.session.id };
    },
    checkCsrf(request, principal) {
      if (principal.via !== 'session') return;
      const method = request.method.toUpperCase();
      if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
      if (!sameOrigin(request)) {
        throw new UserError('AUTH_CSRF', 'cross-site request refused: the Origin does not match this server');
      }
    },
    async setupOwner(input) {
      return signIn(await createOwner(input));
    },
    async ensureOwner(email, password) {
      if (email === undefined || password === undefined) return false;
      if ((await users.count()) > 0) return false;
      await createOwner({ email, password, firstName: 'Owner', lastName: '' });
      return true;
    },
    async login(email, password, ip) {
      const verdict = deps.throttle.check(email, ip);
      if (!verdict.allowed) {
        throw new UserError('AUTH_THROTTLED', 'too many failed sign-ins; try again later', {
          details: { retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) },
        });
      }
      const user = await users.findByEmail(email);
      // Unknown users cost the same hashing time as known ones, so timing does not reveal accounts.
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!user || !ok) {
        deps.throttle.recordFailure(email, ip);
        throw new UserError('AUTH_INVALID_CREDENTIALS', 'wrong email or password');
      }
      deps.throttle.recordSuccess(email, ip);
      return signIn(user);
    },
    async logout(principal) {
      if (principal.sessionId) await sessions.delete(principal.sessionId);
    },
    async createApiKey(userId, label) {
      const user = await users.get(userId);
      if (!user) throw new UserError('USER_NOT_FOUND', `user "${userId}" does not exist`);
      return keyFor(user, label);
    },
    async createApiKeyForEmail(email, label) {
      const user = await users.findByEmail(email);
      if (!user)
        throw new UserError('USER_NOT_FOUND', `no user has the email "${email}"`, { details: { email } });
      return keyFor(user, label);
    },
    listApiKeys: (userId) => apiKeys.listForUser(userId),
    async revokeApiKey(userId, id) {
      if (!(await apiKeys.revoke(id, userId, deps.clock.now()))) {
        throw new UserError('API_KEY_NOT_FOUND', `API key "${id}" does not exist or is already revoked`);
      }
    },
  };
}
