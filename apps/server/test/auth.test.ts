import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, removeTestServerData, startTestServer, type TestServer } from './server-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers field by field.
async function json(response: Response): Promise<any> {
  return response.json();
}

describe('access before and after the owner exists (G12)', () => {
  let t: TestServer & { schema?: string };

  beforeAll(async () => {
    t = await startTestServer({ owner: false });
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('answers only setup and health routes before the owner exists', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    expect(await json(await fetch(`${t.url}/api/v1/owner/setup`))).toEqual({ setupRequired: true });
    for (const path of ['/api/v1/workflows', '/api/v1/executions', '/api/v1/credentials', '/api/v1/me']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(403);
      expect((await json(response)).code).toBe('SETUP_REQUIRED');
    }
  });

  it('creates the owner once, signs them in with an httpOnly SameSite cookie, and refuses a second setup', async () => {
    const weak = await fetch(`${t.url}/api/v1/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'short' }),
    });
    expect(weak.status).toBe(400);
    expect((await json(weak)).code).toBe('AUTH_WEAK_PASSWORD');

    const setup = await fetch(`${t.url}/api/v1/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Ada@Example.com', password: 'analytical-engine-1', firstName: 'Ada' }),
    });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^klikkflow_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect((await json(setup)).user).toMatchObject({
      email: 'ada@example.com',
      role: 'owner',
      firstName: 'Ada',
    });

    const me = await fetch(`${t.url}/api/v1/me`, { headers: { cookie: cookie.split(';')[0] as string } });
    expect(me.status).toBe(200);
    expect((await json(me)).email).toBe('ada@example.com');

    const again = await fetch(`${t.url}/api/v1/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eve@example.com', password: 'analytical-engine-2' }),
    });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('SETUP_ALREADY_DONE');
  });

  it('requires authentication on every API route once set up, and refuses cross-site cookie requests', async () => {
    const anonymous = await fetch(`${t.url}/api/v1/workflows`);
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).code).toBe('AUTH_REQUIRED');

    const login = await fetch(`${t.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'analytical-engine-1' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;

    const crossSite = await fetch(`${t.url}/api/v1/tags`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(crossSite.status).toBe(403);
    expect((await json(crossSite)).code).toBe('AUTH_CSRF');

    const sameSite = await fetch(`${t.url}/api/v1/tags`, {
      method: 'POST',
      headers: { cookie, origin: t.url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ok' }),
    });
    expect(sameSite.status).toBe(201);

    const logout = await fetch(`${t.url}/api/v1/logout`, { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    expect((await fetch(`${t.url}/api/v1/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('creates API keys shown once, stores only their hash, and revokes them', async () => {
    const login = await fetch(`${t.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'analytical-engine-1' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const created = await fetch(`${t.url}/api/v1/api-keys`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'script' }),
    });
    expect(created.status).toBe(201);
    const { key, id } = await json(created);
    expect(key).toMatch(/^kf_/);

    const withKey = await fetch(`${t.url}/api/v1/me`, { headers: { 'x-klikkflow-api-key': key } });
    expect(withKey.status).toBe(200);
    const listed = await json(
      await fetch(`${t.url}/api/v1/api-keys`, { headers: { 'x-klikkflow-api-key': key } }),
    );
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(listed.data[0].prefix).toBe(key.slice(0, 10));

    const stored = await t.server.context.database.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(key);

    const revoked = await fetch(`${t.url}/api/v1/api-keys/${id}`, { method: 'DELETE', headers: { cookie } });
    expect(revoked.status).toBe(204);
    const after = await fetch(`${t.url}/api/v1/me`, { headers: { 'x-klikkflow-api-key': key } });
    expect(after.status).toBe(401);
  });

  it('gives the same answer for an unknown user and a wrong password, and throttles per account', async () => {
    const attempt = (email: string, password: string, ip: string) =>
      fetch(`${t.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ email, password }),
      });
    const unknown = await attempt('nobody@example.com', 'whatever-123', '1');
    const wrong = await attempt('ada@example.com', 'wrong-password-1', '1');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await json(unknown)).toEqual(await json(wrong));
    for (let i = 0; i < 9; i++) await attempt('ada@example.com', `wrong-${i}-x`, '1');
    const throttled = await attempt('ada@example.com', 'analytical-engine-1', '1');
    expect(throttled.status).toBe(429);
    expect((await json(throttled)).code).toBe('AUTH_THROTTLED');
  });
});

describe('owner from the environment', () => {
  it('creates the owner from KLIKKFLOW_OWNER_EMAIL and _PASSWORD on first start', async () => {
    const t = await startTestServer();
    try {
      const login = await fetch(`${t.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(OWNER),
      });
      expect(login.status).toBe(200);
    } finally {
      await t.close();
      await removeTestServerData(t);
    }
  });
});
