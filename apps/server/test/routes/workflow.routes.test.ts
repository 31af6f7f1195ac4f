import { UserError } from '@klikkflow/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainWorkflow, createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;

beforeEach(async () => {
  harness = await createRouteHarness();
});

afterEach(async () => {
  await harness.close();
});

async function create(id: string, extra: Record<string, unknown> = {}) {
  const response = await harness.call({
    method: 'POST',
    url: '/api/v1/workflows',
    payload: { ...chainWorkflow(id), ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('workflow routes: create and read', () => {
  it('creates a workflow from a native file and reads it back with its definition', async () => {
    const created = await create('wf-1', { tags: ['billing'] });
    expect(created).toMatchObject({
      id: 'wf-1',
      name: 'Workflow wf-1',
      active: false,
      version: 1,
      tags: ['billing'],
    });
    const read = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' });
    expect(read.statusCode).toBe(200);
    expect(read.json().definition.nodes.map((node: { id: string }) => node.id)).toEqual(['start', 'n1']);
  });

  it('mints an id when the file has none', async () => {
    const { id: _none, ...file } = chainWorkflow('ignored');
    const response = await harness.call({ method: 'POST', url: '/api/v1/workflows', payload: file });
    expect(response.statusCode).toBe(201);
    const { id } = response.json();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await harness.call({ method: 'GET', url: `/api/v1/workflows/${id}` })).json().definition.id).toBe(
      id,
    );
  });

  it('answers 409 DB_CONFLICT for a taken id', async () => {
    await create('wf-1');
    const again = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows',
      payload: chainWorkflow('wf-1'),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DB_CONFLICT');
  });

  it('answers 400 WORKFLOW_INVALID with every issue: unknown fields, unknown node types, bad ports', async () => {
    const file = chainWorkflow('wf-bad', [{ type: 'core.doesNotExist' }]);
    const response = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows',
      payload: { ...file, colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('WORKFLOW_INVALID');
    expect(response.json().details.issues[0].message).toMatch(/colour/);

    const unknownType = await harness.call({ method: 'POST', url: '/api/v1/workflows', payload: file });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().details.issues).toEqual([
      expect.objectContaining({ path: 'nodes[1].type', nodeName: 'Node 1' }),
    ]);
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows' })).json().data).toEqual([]);
  });

  it('answers 400 for a body that is not a JSON object, or not JSON at all', async () => {
    const array = await harness.call({ method: 'POST', url: '/api/v1/workflows', payload: [1, 2] });
    expect(array.statusCode).toBe(400);
    expect(array.json().code).toBe('VALIDATION_FAILED');
    const broken = await harness.call({
      method: 'POST',
      url: '/api/v1/workflows',
      headers: { 'content-type': 'application/json' },
      payload: '{"schemaVersion": 1,',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('BODY_INVALID');
  });

  it('answers 404 WORKFLOW_NOT_FOUND for an unknown id on every route of one workflow', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/workflows/nope'],
      ['DELETE', '/api/v1/workflows/nope'],
      ['POST', '/api/v1/workflows/nope/activate'],
      ['POST', '/api/v1/workflows/nope/deactivate'],
      ['POST', '/api/v1/workflows/nope/duplicate'],
      ['GET', '/api/v1/workflows/nope/versions'],
      ['GET', '/api/v1/workflows/nope/export'],
    ] as const) {
      const response = await harness.call({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('WORKFLOW_NOT_FOUND');
    }
    const put = await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/nope',
      payload: chainWorkflow('nope'),
    });
    expect(put.statusCode).toBe(404);
  });

  it('refuses anonymous callers with 401 AUTH_REQUIRED', async () => {
    await create('wf-1');
    const response = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1', anonymous: true });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_REQUIRED');
    const write = await harness.call({ method: 'DELETE', url: '/api/v1/workflows/wf-1', anonymous: true });
    expect(write.statusCode).toBe(401);
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).statusCode).toBe(200);
  });
});

describe('workflow routes: lists', () => {
  it('pages through every workflow exactly once, newest first', async () => {
    for (let index = 0; index < 5; index++) await create(`wf-${index}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await harness.call({ method: 'GET', url: `/api/v1/workflows?limit=2${query}` });
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((workflow: { id: string }) => workflow.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(['wf-0', 'wf-1', 'wf-2', 'wf-3', 'wf-4']);
  });

  it('filters by active, tag and name', async () => {
    await create('wf-a', { name: 'Invoice sync', tags: ['billing'] });
    await create('wf-b', { name: 'Lead import' });
    await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-b/activate' });
    const ids = async (query: string) =>
      (await harness.call({ method: 'GET', url: `/api/v1/workflows?${query}` }))
        .json()
        .data.map((workflow: { id: string }) => workflow.id);
    expect(await ids('active=true')).toEqual(['wf-b']);
    expect(await ids('active=false')).toEqual(['wf-a']);
    expect(await ids('tag=billing')).toEqual(['wf-a']);
    expect(await ids('name=LEAD')).toEqual(['wf-b']);
  });

  it('refuses bad list queries: unknown parameter, limit out of range, bad flag, foreign cursor', async () => {
    for (const query of ['limt=5', 'limit=0', 'limit=251', 'limit=two', 'active=yes']) {
      const response = await harness.call({ method: 'GET', url: `/api/v1/workflows?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code, query).toBe('VALIDATION_FAILED');
    }
    const cursor = await harness.call({ method: 'GET', url: '/api/v1/workflows?cursor=not-ours' });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().code).toBe('DB_CURSOR_INVALID');
  });
});

describe('workflow routes: replace, versions, export', () => {
  it('stores a new version on PUT and keeps the old one readable', async () => {
    await create('wf-1');
    const put = await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/wf-1?expectedVersion=1',
      payload: { ...chainWorkflow('wf-1'), name: 'Renamed' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: 'Renamed', version: 2 });
    const versions = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1/versions' });
    expect(versions.json().data.map((entry: { version: number }) => entry.version)).toEqual([2, 1]);
    const first = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1/versions/1' });
    expect(first.json()).toMatchObject({ id: 'wf-1', version: 1, definition: { name: 'Workflow wf-1' } });
    const missing = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1/versions/9' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('WORKFLOW_VERSION_NOT_FOUND');
  });

  it('answers 409 when ?expectedVersion= is not the current version, and changes nothing', async () => {
    await create('wf-1');
    const put = await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/wf-1?expectedVersion=7',
      payload: { ...chainWorkflow('wf-1'), name: 'Lost update' },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json().code).toBe('DB_VERSION_CONFLICT');
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json().version).toBe(1);
  });

  it('refuses a body whose id is another workflow', async () => {
    await create('wf-1');
    const put = await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/wf-1',
      payload: chainWorkflow('wf-2'),
    });
    expect(put.statusCode).toBe(400);
    expect(put.json().code).toBe('WORKFLOW_ID_MISMATCH');
  });

  it('re-registers the triggers of an active workflow, and restores the old version when they are refused', async () => {
    await create('wf-1');
    await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-1/activate' });
    const accepted = await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/wf-1',
      payload: { ...chainWorkflow('wf-1'), name: 'Second' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(harness.triggers.calls.at(-1)).toMatchObject({ method: 'activate', workflow: { name: 'Second' } });

    harness.triggers.refuse = new UserError('WEBHOOK_PATH_TAKEN', 'path taken');
    const refused = await harness.call({
      method: 'PUT',
      url: '/api/v1/workflows/wf-1',
      payload: { ...chainWorkflow('wf-1'), name: 'Third' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('WEBHOOK_PATH_TAKEN');
    const current = (await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json();
    expect(current).toMatchObject({ name: 'Second', active: true });
    // The previous definition's triggers were registered again after the refusal.
    expect(harness.triggers.calls.at(-1)).toMatchObject({ method: 'activate', workflow: { name: 'Second' } });
  });

  it('exports the stored file as an attachment', async () => {
    await create('wf-1', { name: 'Invoice sync / EU' });
    const response = await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1/export' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="Invoice-sync-EU.json"');
    const stored = (await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json().definition;
    expect(response.json()).toEqual(stored);
  });
});

describe('workflow routes: activation, duplicate, delete', () => {
  it('activates through the trigger service, then deactivates', async () => {
    await create('wf-1');
    const on = await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-1/activate' });
    expect(on.statusCode).toBe(200);
    expect(on.json().active).toBe(true);
    const off = await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-1/deactivate' });
    expect(off.json().active).toBe(false);
    expect(harness.triggers.calls.map((call) => call.method)).toEqual(['activate', 'deactivate']);
  });

  it('stays inactive when the trigger service refuses', async () => {
    await create('wf-1');
    harness.triggers.refuse = new UserError('WORKFLOW_NO_TRIGGER', 'nothing to activate');
    const response = await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-1/activate' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('WORKFLOW_NO_TRIGGER');
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).json().active).toBe(false);
  });

  it('duplicates under a new id and name, inactive', async () => {
    await create('wf-1');
    await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-1/activate' });
    const copy = await harness.call({ method: 'POST', url: '/api/v1/workflows/wf-1/duplicate' });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ name: 'Workflow wf-1 (copy)', active: false, version: 1 });
    expect(copy.json().id).not.toBe('wf-1');
    expect(copy.json().definition.nodes).toHaveLength(2);
  });

  it('deletes after removing the triggers', async () => {
    await create('wf-1');
    const response = await harness.call({ method: 'DELETE', url: '/api/v1/workflows/wf-1' });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(harness.triggers.calls).toEqual([{ method: 'deactivate', workflowId: 'wf-1' }]);
    expect((await harness.call({ method: 'GET', url: '/api/v1/workflows/wf-1' })).statusCode).toBe(404);
  });
});
