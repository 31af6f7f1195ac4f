// KlikkFlow as a system under test: the built CLI (`klikkflow start`) on embedded SQLite in a temp data dir,
// and a one-time preparation of that dir (owner, API key, both bench workflows created and activated) so a
// later start serves the webhooks straight away. In scale mode, the command line of each role on PostgreSQL
// and Redis.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { freePort, send, spawnSystem, stopProcess, waitUntil, withLogTail } from './sut-process.mjs';
import {
  HEAVY_PATH,
  heavyAnswer,
  heavyBody,
  heavyWebhookWorkflow,
  SIMPLE_PATH,
  simpleAnswer,
  simpleBody,
  simpleWebhookWorkflow,
} from './webhook-scenarios.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const OWNER = { email: 'bench@example.com', password: 'bench-password-123' };

/**
 * The command line and environment of `klikkflow start` on `dataDir` and `port`, saving executions or not;
 * with `cpuProfDir`, Node writes a CPU profile of the whole run there when the server stops. With `scale`
 * (`role` main, webhook or worker, `concurrency` for a worker, `databaseUrl`, `databaseSchema`, `redisUrl`,
 * `redisPrefix`, `encryptionKey`), that role of scale mode instead, listening on `port`.
 */
export function klikkflowCommand({ dataDir, port, saveExecutions, cpuProfDir, scale }) {
  // Drop the caller's KLIKKFLOW_* settings (a PostgreSQL or Redis URL would change what is measured).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('KLIKKFLOW_')),
  );
  return {
    args: [
      process.execPath,
      ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []),
      join(root, 'apps/cli/bin/klikkflow.js'),
      ...(scale ? scaleRoleArgs(scale, port) : ['start']),
    ],
    env: {
      ...inherited,
      KLIKKFLOW_DATA_DIR: dataDir,
      KLIKKFLOW_HOST: '127.0.0.1',
      KLIKKFLOW_PORT: String(port),
      KLIKKFLOW_LOG_LEVEL: 'warn',
      KLIKKFLOW_OWNER_EMAIL: OWNER.email,
      KLIKKFLOW_OWNER_PASSWORD: OWNER.password,
      KLIKKFLOW_SAVE_EXECUTIONS: saveExecutions,
      ...(scale && {
        KLIKKFLOW_DATABASE_URL: scale.databaseUrl,
        KLIKKFLOW_DATABASE_SCHEMA: scale.databaseSchema,
        KLIKKFLOW_REDIS_URL: scale.redisUrl,
        KLIKKFLOW_REDIS_PREFIX: scale.redisPrefix,
        KLIKKFLOW_ENCRYPTION_KEY: scale.encryptionKey,
      }),
    },
  };
}

function scaleRoleArgs({ role, concurrency }, port) {
  const portArgs = ['--port', String(port)];
  if (role === 'main') return ['start', '--mode', 'main', ...portArgs];
  if (role === 'webhook') return ['webhook', ...portArgs];
  if (role === 'worker') return ['worker', '--concurrency', String(concurrency), ...portArgs];
  throw new Error(`unknown scale-mode role "${role}"`);
}

/** Request options sending `value` as JSON (nothing when undefined: an empty JSON body would be refused). */
function jsonRequest(method, value, headers = {}) {
  if (value === undefined) return { method, headers };
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

async function call(base, method, path, { headers, value } = {}) {
  const response = await send(`${base}${path}`, jsonRequest(method, value, headers));
  if (response.status >= 300) {
    throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
  }
  return response;
}

/** Posts a scenario's body and checks the answer deeply; throws with what came back when it differs. */
export async function checkAnswer(base, path, body, expected) {
  const response = await send(`${base}${path}`, jsonRequest('POST', body));
  let actual;
  try {
    actual = JSON.parse(response.text);
  } catch {
    actual = response.text;
  }
  if (response.status !== 200 || !isDeepStrictEqual(actual, expected)) {
    throw new Error(`POST ${path} answered ${response.status} ${response.text.slice(0, 300)}`);
  }
}

/** Checks both scenarios' answers on a running system. */
export async function checkBothAnswers(base) {
  await checkAnswer(base, SIMPLE_PATH, simpleBody, simpleAnswer);
  await checkAnswer(base, HEAVY_PATH, heavyBody(), heavyAnswer());
}

/**
 * Signs in to a running KlikkFlow (main) at `base` as the owner its environment created, makes an API key,
 * and creates and activates `workflows` through the REST API.
 */
export async function deployWorkflows(base, workflows) {
  const login = await call(base, 'POST', '/api/v1/login', { value: OWNER });
  const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
  const created = await call(base, 'POST', '/api/v1/api-keys', {
    headers: { cookie },
    value: { label: 'bench' },
  });
  const apiKey = { 'x-klikkflow-api-key': JSON.parse(created.text).key };
  for (const workflow of workflows) {
    await call(base, 'POST', '/api/v1/workflows', { headers: apiKey, value: workflow });
    await call(base, 'POST', `/api/v1/workflows/${workflow.id}/activate`, { headers: apiKey });
  }
}

/**
 * Starts KlikkFlow once on an empty `dataDir`, deploys both workflows (`deployWorkflows`), checks their
 * answers, and stops it.
 */
export async function prepareKlikkflowDataDir(plan, dataDir, logFile) {
  const port = await freePort();
  const { args, env } = klikkflowCommand({ dataDir, port, saveExecutions: 'none' });
  const logFd = openSync(logFile, 'a');
  const child = spawnSystem(plan, args, { cwd: root, env, logFd });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(child, async () => (await send(`${base}/healthz`)).status === 200, { what: 'KlikkFlow' });
    await deployWorkflows(base, [simpleWebhookWorkflow, heavyWebhookWorkflow]);
    await checkBothAnswers(base);
  } catch (error) {
    throw withLogTail(error, 'KlikkFlow (preparing its data dir)', logFile);
  } finally {
    await stopProcess(child);
    closeSync(logFd);
  }
}
