import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';

const example = JSON.parse(
  readFileSync(new URL('../../../examples/echo-webhook.workflow.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('the README quick start', () => {
  let t: TestServer & { schema?: string };

  beforeAll(async () => {
    t = await startTestServer({ owner: false });
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('sets up the owner, creates a key, stores and activates the example, and echoes through its webhook', async () => {
    const setup = await fetch(`${t.url}/api/v1/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'you@example.com', password: 'a-long-passphrase-1' }),
    });
    expect(setup.status).toBe(201);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const keyResponse = await fetch(`${t.url}/api/v1/api-keys`, {
      method: 'POST',
      headers: { cookie, origin: t.url, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'cli' }),
    });
    const { key } = (await keyResponse.json()) as { key: string };
    const headers = { 'x-klikkflow-api-key': key, 'content-type': 'application/json' };

    const created = await fetch(`${t.url}/api/v1/workflows`, {
      method: 'POST',
      headers,
      body: JSON.stringify(example),
    });
    expect(created.status).toBe(201);
    const activated = await fetch(`${t.url}/api/v1/workflows/echo-webhook/activate`, {
      method: 'POST',
      headers: { 'x-klikkflow-api-key': key },
    });
    expect(activated.status).toBe(200);

    const echoed = await fetch(`${t.url}/webhook/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(echoed.status).toBe(200);
    expect(await echoed.json()).toEqual({ name: 'Ada', processed: true });
  });
});
