import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test/support/ensure-built.js';
import type { OpenedDatabase } from '../src/database.js';
import { openDataDirDatabase } from './database-harness.js';
import {
  klikkflow,
  PROCESS_OWNER,
  processEnv,
  type ServerProcess,
  startServerProcess,
} from './server-process.js';

/** Acknowledged webhook calls the kill -9 test wants before it kills, so recovery has work. */
const MIN_ACKNOWLEDGED = 20;
const dataDirs: string[] = [];
const running: ServerProcess[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'klikkflow-start-'));
  dataDirs.push(dir);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const post = (url: string) =>
  fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

async function start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const server = await startServerProcess(env);
  running.push(server);
  return server;
}

/** A webhook answered at once (onReceived) whose run waits `waitSeconds` in memory, then sets a field. */
function waitingHook(id: string, waitSeconds: number) {
  const node = (nodeId: string, type: string, parameters: Record<string, unknown>) => ({
    id: nodeId,
    name: nodeId,
    type,
    version: 1,
    position: [0, 0],
    parameters,
  });
  const link = (from: string, to: string) => ({
    from: { node: from, output: 0 },
    to: { node: to, input: 0 },
  });
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: [
      node('hook', 'core.webhook', { httpMethod: 'POST', path: id, responseMode: 'onReceived' }),
      node('pause', 'core.wait', { resume: 'timeInterval', amount: waitSeconds, unit: 'seconds' }),
      node('done', 'core.set', {
        mode: 'manual',
        include: 'all',
        assignments: [{ name: 'done', type: 'boolean', value: true }],
      }),
    ],
    connections: [link('hook', 'pause'), link('pause', 'done')],
    settings: {},
  };
}

/** Creates an API key with `klikkflow apikey:create` and stores and activates the workflow through the API. */
async function deploy(
  server: ServerProcess,
  env: NodeJS.ProcessEnv,
  definition: { id: string },
): Promise<string> {
  const key = (await klikkflow(['apikey:create', '--email', PROCESS_OWNER.email], env)).trim();
  const call = (path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'x-klikkflow-api-key': key,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  expect((await call('/api/v1/workflows', definition)).status).toBe(201);
  expect((await call(`/api/v1/workflows/${definition.id}/activate`)).status).toBe(200);
  return key;
}

/** `pragma integrity_check` of the data dir's SQLite file: `[{ integrity_check: 'ok' }]` when sound. */
async function integrityCheck(database: OpenedDatabase): Promise<unknown[]> {
  return (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.connection.db))
    .rows;
}

// Concurrent: each test mostly waits for its own child processes, which start in parallel.
describe.concurrent('klikkflow start as a real process', () => {
  beforeAll(ensureBuilt, 180_000);
  afterAll(() => {
    // Only a failed test leaves a process of ours running.
    for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('drains on SIGTERM: accepted executions finish, then the process exits 0 (G9)', async () => {
    const dataDir = freshDir();
    const env = processEnv(dataDir);
    const server = await start(env);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await deploy(server, env, waitingHook('drain', 1.5));
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(`${server.url}/webhook/drain`)));
    server.child.kill('SIGTERM');
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const ids = answers.map((answer) => answer.headers.get('x-klikkflow-execution-id'));

    const exit = await server.exited;
    expect(exit, server.output().stderr).toEqual({ code: 0, signal: null });
    expect(server.output().stderr).toContain('stopped');
    const listed = JSON.parse(await klikkflow(['execution:list', '--json', '--workflow', 'drain'], env)) as {
      id: string;
      status: string;
    }[];
    expect(listed.map((execution) => execution.id).sort()).toEqual([...ids].sort());
    expect(listed.map((execution) => execution.status)).toEqual(Array(5).fill('success'));
  }, 30_000);

  it('survives kill -9 under load: every acknowledged execution exists and succeeds after a restart (G1, G3)', async () => {
    const dataDir = freshDir();
    const env = processEnv(dataDir, { KLIKKFLOW_SAVE_EXECUTIONS: 'all' });
    const server = await start(env);
    const key = await deploy(server, env, waitingHook('load', 0.3));

    const acknowledged: string[] = [];
    let killed = false;
    const stream = async () => {
      while (!killed) {
        try {
          const answer = await post(`${server.url}/webhook/load`);
          const id = answer.headers.get('x-klikkflow-execution-id');
          if (answer.ok && id) acknowledged.push(id);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const streams = Promise.all(Array.from({ length: 4 }, stream));
    // About a second of load; on a slow machine a little longer, until enough calls were acknowledged.
    const loadedUntil = Date.now() + 10_000;
    await sleep(1_000);
    while (acknowledged.length < MIN_ACKNOWLEDGED && Date.now() < loadedUntil) await sleep(50);
    killed = true;
    server.child.kill('SIGKILL');
    await streams;
    expect((await server.exited).signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(MIN_ACKNOWLEDGED);

    // Before the restart: every acknowledged execution is stored (G1), and some had not ended yet.
    const crashed = await openDataDirDatabase(dataDir);
    expect(await integrityCheck(crashed)).toEqual([{ integrity_check: 'ok' }]);
    const stored = await Promise.all(acknowledged.map((id) => crashed.repos.executions.get(id)));
    await crashed.connection.close();
    expect(stored.filter((record) => record === undefined)).toEqual([]);
    const unfinished = stored.filter((record) => record?.status === 'new' || record?.status === 'running');
    expect(unfinished.length).toBeGreaterThan(0);

    const restarted = await start(env);
    const get = async (path: string) =>
      (await fetch(`${restarted.url}${path}`, { headers: { 'x-klikkflow-api-key': key } })).json();
    const pending = new Set(acknowledged);
    let leftOver: unknown[] = [];
    const settledBy = Date.now() + 15_000;
    do {
      for (const id of pending) {
        const { status } = (await get(`/api/v1/executions/${id}`)) as { status: string };
        expect(['new', 'running', 'success']).toContain(status);
        if (status === 'success') pending.delete(id);
      }
      leftOver = ((await get('/api/v1/executions?workflowId=load&status=new,running')) as { data: unknown[] })
        .data;
      if (pending.size > 0 || leftOver.length > 0) await sleep(100);
    } while ((pending.size > 0 || leftOver.length > 0) && Date.now() < settledBy);
    expect([...pending]).toEqual([]);
    expect(leftOver).toEqual([]);

    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
    const stopped = await openDataDirDatabase(dataDir);
    expect(await integrityCheck(stopped)).toEqual([{ integrity_check: 'ok' }]);
    await stopped.connection.close();
  }, 40_000);
});
