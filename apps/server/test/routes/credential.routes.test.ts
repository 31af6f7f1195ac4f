import { createRedactor } from '@klikkflow/security';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
});

afterEach(async () => {
  await harness.close();
});

const SECRET = 'hunter2-very-secret';

async function createBasic(name = 'Billing API') {
  const response = await harness.call({
    method: 'POST',
    url: '/api/v1/credentials',
    payload: { name, type: 'httpBasicAuth', data: { user: 'billing', password: SECRET } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('credential routes', () => {
  it('answers every read and write with the names of the fields set, never a value', async () => {
    const created = await createBasic();
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Billing API',
      type: 'httpBasicAuth',
      fields: ['user', 'password'],
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    const answers = [
      await harness.call({ method: 'GET', url: '/api/v1/credentials' }),
      await harness.call({ method: 'GET', url: `/api/v1/credentials/${created.id}` }),
      await harness.call({
        method: 'PATCH',
        url: `/api/v1/credentials/${created.id}`,
        payload: { name: 'Renamed', data: { password: `${SECRET}-2` } },
      }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.body).not.toContain(SECRET);
      expect(answer.body).not.toContain('"billing"');
    }
    const [list, read, patched] = answers.map((answer) => answer.json());
    for (const view of [list.data[0], read, patched]) {
      expect(Object.keys(view).sort()).toEqual(['createdAt', 'fields', 'id', 'name', 'type', 'updatedAt']);
    }
    expect(patched).toMatchObject({ name: 'Renamed', fields: ['user', 'password'] });
    // The new value is what a node gets; at rest it is encrypted.
    const data = await harness.context.credentials.decryptFor(
      { id: created.id, name: 'Renamed' },
      'httpBasicAuth',
      createRedactor(),
    );
    expect(data).toEqual({ user: 'billing', password: `${SECRET}-2` });
    expect((await harness.context.repos.credentials.get(created.id))?.data).not.toContain(SECRET);
  });

  it('scrubs the secrets a credential builds from several fields, such as Basic auth of a service type', async () => {
    const created = await harness.call({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { name: 'Blog', type: 'wordpressApi', data: { username: 'editor', password: `${SECRET}-wp` } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const redactor = createRedactor();
    await harness.context.credentials.decryptFor(
      { id: created.json().id, name: 'Blog' },
      'wordpressApi',
      redactor,
    );
    const basic = Buffer.from(`editor:${SECRET}-wp`).toString('base64');
    expect(redactor.redactText(`Authorization: Basic ${basic}`)).not.toContain(basic);
  });

  it('removes a field set to null and filters the list by type', async () => {
    const created = await createBasic();
    const patched = await harness.call({
      method: 'PATCH',
      url: `/api/v1/credentials/${created.id}`,
      payload: { data: { password: null } },
    });
    expect(patched.json().fields).toEqual(['user']);
    const other = await harness.call({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { name: 'Token', type: 'httpHeaderAuth', data: { name: 'X-Key', value: 'v' } },
    });
    expect(other.statusCode, other.body).toBe(201);
    const list = await harness.call({ method: 'GET', url: '/api/v1/credentials?type=httpHeaderAuth' });
    expect(list.json().data.map((credential: { name: string }) => credential.name)).toEqual(['Token']);
  });

  it('refuses unknown types, fields the type lacks, and malformed bodies', async () => {
    const unknownType = await harness.call({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { name: 'x', type: 'noSuchType', data: {} },
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().code).toBe('CREDENTIAL_TYPE_UNKNOWN');
    const unknownField = await harness.call({
      method: 'POST',
      url: '/api/v1/credentials',
      payload: { name: 'x', type: 'httpBasicAuth', data: { pin: '1234' } },
    });
    expect(unknownField.json().code).toBe('CREDENTIAL_DATA_INVALID');
    for (const payload of [
      { name: 'x', type: 'httpBasicAuth', data: {}, shared: true },
      { name: '', type: 'httpBasicAuth', data: {} },
      { name: 'x', type: 'httpBasicAuth', data: 'user:pass' },
      { name: 'x', type: 'httpBasicAuth' },
    ]) {
      const response = await harness.call({ method: 'POST', url: '/api/v1/credentials', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    const patch = await harness.call({
      method: 'PATCH',
      url: '/api/v1/credentials/x',
      payload: { type: 'other' },
    });
    expect(patch.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 CREDENTIAL_NOT_FOUND and deletes with 204', async () => {
    const created = await createBasic();
    expect(
      (await harness.call({ method: 'DELETE', url: `/api/v1/credentials/${created.id}` })).statusCode,
    ).toBe(204);
    for (const [method, url, payload] of [
      ['GET', `/api/v1/credentials/${created.id}`, undefined],
      ['PATCH', `/api/v1/credentials/${created.id}`, { name: 'y' }],
      ['DELETE', `/api/v1/credentials/${created.id}`, undefined],
    ] as const) {
      const response = await harness.call({ method, url, ...(payload && { payload }) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('CREDENTIAL_NOT_FOUND');
    }
  });

  it('refuses anonymous callers', async () => {
    const response = await harness.call({ method: 'GET', url: '/api/v1/credentials', anonymous: true });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_REQUIRED');
  });
});

describe('GET /credential-types', () => {
  it('lists every type with its form, without the default of a secret field', async () => {
    const response = await harness.call({ method: 'GET', url: '/api/v1/credential-types' });
    expect(response.statusCode).toBe(200);
    const types: { name: string; properties: Record<string, unknown>[] }[] = response.json().data;
    expect(types.map((type) => type.name)).toEqual(harness.context.credentialTypes.map((type) => type.name));
    const basic = types.find((type) => type.name === 'httpBasicAuth');
    const password = basic?.properties.find((property) => property.name === 'password');
    expect(password).toMatchObject({ typeOptions: { password: true } });
    expect(password).not.toHaveProperty('default');
    expect(basic?.properties.find((property) => property.name === 'user')).toHaveProperty('default', '');
    for (const type of types) {
      for (const property of type.properties) {
        if ((property.typeOptions as { password?: boolean } | undefined)?.password) {
          expect(property, `${type.name}.${String(property.name)}`).not.toHaveProperty('default');
        }
      }
    }
  });
});
