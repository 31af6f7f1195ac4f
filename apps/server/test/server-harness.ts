import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@klikkflow/core';
import type { Clock } from '@klikkflow/engine';
import { createIsolatedVmSandbox } from '@klikkflow/sandbox';
import { sql } from 'kysely';
import { createServer, type KlikkflowServer } from '../src/server.js';

/** The PostgreSQL the server tests use; each server gets its own schema. */
export const TEST_POSTGRES_URL =
  process.env.KLIKKFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const OWNER = { email: 'owner@example.com', password: 'correct-horse-9' };

/** The credential key every PostgreSQL test server shares (processes of one cluster need the same). */
export const TEST_ENCRYPTION_KEY = 'test-encryption-key-0123456789abcdef';

/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export function createTestClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): TestClock {
  let now = start;
  return {
    now: () => now,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      now += ms;
    },
    advance(ms) {
      now += ms;
    },
    set(ms) {
      now = ms;
    },
  };
}

/** An API answer as the tests read it. */
export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers field by field.
  body: any;
  headers: Headers;
}

/** A running test server with helpers for its API. */
export interface TestServer {
  server: KlikkflowServer;
  url: string;
  dataDir: string;
  /** An API key of the owner (when created). */
  apiKey: string;
  /** Everything the server logged, as text. */
  logs(): string;
  /** Calls the API with the owner's key; JSON in and out. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  dialect?: 'sqlite' | 'postgres';
  env?: Record<string, string>;
  clock?: Clock;
  /** Create the owner and an API key (default true). */
  owner?: boolean;
  /** Reuse a data dir (a restart). */
  dataDir?: string;
  /** Reuse a PostgreSQL schema (a restart). */
  schema?: string;
  timers?: boolean;
  /** Scale mode on the shared Redis with this key prefix (PostgreSQL is then implied). */
  redisPrefix?: string;
  /** The role of a scale-mode server (default main). */
  role?: 'main' | 'webhook';
}

/** The Redis the scale-mode tests use; each test run gets its own key prefix. */
export const TEST_REDIS_URL = process.env.KLIKKFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Starts a real server on a free port, on SQLite in a temp data dir or on a private PostgreSQL schema. */
export async function startTestServer(
  options: TestServerOptions = {},
): Promise<TestServer & { schema?: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'klikkflow-server-'));
  const postgres = options.dialect === 'postgres' || options.redisPrefix !== undefined;
  const schema = postgres
    ? (options.schema ?? `kf_srv_${process.pid}_${randomBytes(4).toString('hex')}`)
    : undefined;
  const env: Record<string, string> = {
    KLIKKFLOW_DATA_DIR: dataDir,
    KLIKKFLOW_PORT: '0',
    KLIKKFLOW_LOG_LEVEL: 'info',
    ...(options.owner !== false && {
      KLIKKFLOW_OWNER_EMAIL: OWNER.email,
      KLIKKFLOW_OWNER_PASSWORD: OWNER.password,
    }),
    ...(postgres && {
      KLIKKFLOW_DATABASE_URL: TEST_POSTGRES_URL,
      KLIKKFLOW_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    }),
    ...(options.redisPrefix !== undefined && {
      KLIKKFLOW_REDIS_URL: TEST_REDIS_URL,
      KLIKKFLOW_REDIS_PREFIX: options.redisPrefix,
    }),
    ...options.env,
  };
  const config = loadConfig(env);
  let logText = '';
  const logger = createLogger(
    config,
    new Writable({
      write(chunk, _encoding, done) {
        logText += chunk.toString();
        done();
      },
    }),
  );
  const sandbox = createIsolatedVmSandbox();
  const server = await createServer({
    config,
    logger,
    sandbox,
    ...(options.clock && { clock: options.clock }),
    ...(schema && { databaseSchema: schema }),
    ...(options.timers !== undefined && { timers: options.timers }),
    ...(options.role && { role: options.role }),
  });
  const url = await server.listen();
  let apiKey = '';
  if (options.owner !== false && options.role !== 'webhook') {
    apiKey = (await server.context.auth.createApiKeyForEmail(OWNER.email, 'tests')).key;
  }
  let closed = false;
  const api: TestServer['api'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(apiKey && { 'x-klikkflow-api-key': apiKey }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    server,
    url,
    dataDir,
    apiKey,
    ...(schema && { schema }),
    logs: () => logText,
    api,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await sandbox.dispose();
    },
  };
}

/** Removes what {@link startTestServer} left behind: the data dir, the PostgreSQL schema. */
export async function removeTestServerData(server: { dataDir: string; schema?: string }): Promise<void> {
  rmSync(server.dataDir, { recursive: true, force: true });
  if (server.schema) {
    const { openDatabase } = await import('@klikkflow/database');
    const connection = await openDatabase({ url: TEST_POSTGRES_URL });
    await sql`drop schema if exists ${sql.id(server.schema)} cascade`.execute(connection.db);
    await connection.close();
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
