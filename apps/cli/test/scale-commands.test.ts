import { randomBytes } from 'node:crypto';
import { openDatabase } from '@klikkflow/database';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './cli-harness.js';

const POSTGRES_URL = process.env.KLIKKFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.KLIKKFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Runs a long-running command until `ready` shows on stdout, lets `whileUp` use it, then stops it. */
async function serveThenStop(
  argv: string[],
  env: Record<string, string>,
  ready: RegExp,
  whileUp: (match: RegExpExecArray) => Promise<void>,
): Promise<CliRun> {
  const controller = new AbortController();
  let output = '';
  const running = runCli(argv, {
    env,
    signal: controller.signal,
    onStdout: (text) => {
      output += text;
    },
  });
  const deadline = Date.now() + 20_000;
  let match = ready.exec(output);
  while (!match && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    match = ready.exec(output);
  }
  try {
    if (!match) throw new Error(`not ready in time: ${output}`);
    await whileUp(match);
  } finally {
    controller.abort();
  }
  return running;
}

describe('the scale-mode commands', () => {
  const schema = `kf_cli_scale_${process.pid}_${randomBytes(4).toString('hex')}`;
  const scaleEnv = {
    KLIKKFLOW_DATABASE_URL: POSTGRES_URL,
    KLIKKFLOW_DATABASE_SCHEMA: schema,
    KLIKKFLOW_REDIS_URL: REDIS_URL,
    KLIKKFLOW_REDIS_PREFIX: `kf-cli-${randomBytes(4).toString('hex')}`,
    KLIKKFLOW_ENCRYPTION_KEY: 'cli-scale-test-key-0123456789abcdef',
    KLIKKFLOW_LOG_LEVEL: 'silent',
  };

  afterAll(async () => {
    const admin = await openDatabase({ url: POSTGRES_URL, poolSize: 1 });
    await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await admin.close();
  });

  it.each([['worker'], ['webhook']])(
    'refuses `%s` outside scale mode, naming what to set',
    async (command) => {
      const result = await runCli([command]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /CLI_SCALE_MODE_REQUIRED: .* set KLIKKFLOW_REDIS_URL and KLIKKFLOW_DATABASE_URL/,
      );
    },
  );

  it('points `start --mode worker` to the worker command', async () => {
    const result = await runCli(['start', '--mode', 'worker']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CLI_MODE_INVALID: .*klikkflow worker/);
  });

  it('refuses a Redis URL without PostgreSQL with CONFIG_INVALID', async () => {
    const result = await runCli(['worker'], { env: { KLIKKFLOW_REDIS_URL: REDIS_URL } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KLIKKFLOW_REDIS_URL needs KLIKKFLOW_DATABASE_URL/);
  });

  it('runs a worker with its health and metrics port until asked to stop, then drains and exits 0', async () => {
    const result = await serveThenStop(
      ['worker', '--concurrency', '3', '--port', '0'],
      scaleEnv,
      /KlikkFlow worker (\S+) is ready \(concurrency 3\); health at (http:\/\/\S+)\/healthz/,
      async (match) => {
        expect((await fetch(`${match[2]}/healthz`)).status).toBe(200);
        expect((await fetch(`${match[2]}/readyz`)).status).toBe(200);
        expect(await (await fetch(`${match[2]}/metrics`)).text()).toMatch(/^klikkflow_queue_depth \d+$/m);
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('shutting down: finishing running executions');
  });

  it('runs a webhook-only process that serves webhooks and health but no API', async () => {
    const result = await serveThenStop(
      ['webhook', '--port', '0'],
      scaleEnv,
      /KlikkFlow webhook process is ready at (http:\/\/\S+)/,
      async (match) => {
        expect((await fetch(`${match[1]}/healthz`)).status).toBe(200);
        expect((await fetch(`${match[1]}/api/v1/workflows`)).status).toBe(404);
        expect((await fetch(`${match[1]}/webhook/nothing-here`, { method: 'POST' })).status).toBe(404);
      },
    );
    expect(result.code).toBe(0);
  });
});
