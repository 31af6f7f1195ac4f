import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

function failure(env: Record<string, string>): { code: string; message: string; details: unknown } {
  try {
    loadConfig(env);
  } catch (error) {
    const e = error as Error & { details?: unknown };
    return { code: errorCode(error), message: e.message, details: e.details };
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 5678,
      host: '127.0.0.1',
      dataDir: join(homedir(), '.klikkflow'),
      logLevel: 'info',
      egressAllow: [],
      filesDir: join(homedir(), '.klikkflow', 'files'),
      saveExecutions: 'all',
      pruneMaxAgeHours: 336,
      pruneMaxCount: 10_000,
      concurrency: 20,
      queueCapacity: 10_000,
      maxBodyMb: 16,
      shutdownTimeoutMs: 30_000,
      scheduleCatchUp: 'latest',
      heapGrowthPercent: 40,
      redisPrefix: 'klikkflow',
      leaseMs: 30_000,
      workerPort: 5679,
    });
  });

  it('reads every KLIKKFLOW_* variable', () => {
    const config = loadConfig({
      KLIKKFLOW_PORT: '8080',
      KLIKKFLOW_HOST: '0.0.0.0',
      KLIKKFLOW_DATA_DIR: '/var/lib/klikkflow',
      KLIKKFLOW_DATABASE_URL: 'postgres://u:p@db:5432/kf',
      KLIKKFLOW_REDIS_URL: 'redis://cache:6379',
      KLIKKFLOW_ENCRYPTION_KEY: 'k'.repeat(32),
      KLIKKFLOW_LOG_LEVEL: 'debug',
      KLIKKFLOW_EGRESS_ALLOW: ' 10.0.0.0/8, internal.example.com ,,',
      KLIKKFLOW_FILES_DIR: '~/shared-files',
      KLIKKFLOW_OWNER_EMAIL: 'owner@example.com',
      KLIKKFLOW_OWNER_PASSWORD: 'long-enough-1',
      KLIKKFLOW_SAVE_EXECUTIONS: 'errors',
      KLIKKFLOW_PRUNE_MAX_AGE_HOURS: '24',
      KLIKKFLOW_PRUNE_MAX_COUNT: '500',
      KLIKKFLOW_CONCURRENCY: '4',
      KLIKKFLOW_QUEUE_CAPACITY: '100',
      KLIKKFLOW_MAX_BODY_MB: '2',
      KLIKKFLOW_SHUTDOWN_TIMEOUT_MS: '5000',
      KLIKKFLOW_SCHEDULE_CATCH_UP: 'none',
      KLIKKFLOW_HEAP_GROWTH_PERCENT: '0',
      KLIKKFLOW_DATABASE_SCHEMA: 'klikkflow_prod',
      KLIKKFLOW_REDIS_PREFIX: 'kf-prod',
      KLIKKFLOW_LEASE_MS: '10000',
      KLIKKFLOW_WORKER_PORT: '9100',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/klikkflow',
      databaseUrl: 'postgres://u:p@db:5432/kf',
      redisUrl: 'redis://cache:6379',
      encryptionKey: 'k'.repeat(32),
      logLevel: 'debug',
      egressAllow: ['10.0.0.0/8', 'internal.example.com'],
      filesDir: join(homedir(), 'shared-files'),
      ownerEmail: 'owner@example.com',
      ownerPassword: 'long-enough-1',
      saveExecutions: 'errors',
      pruneMaxAgeHours: 24,
      pruneMaxCount: 500,
      concurrency: 4,
      queueCapacity: 100,
      maxBodyMb: 2,
      shutdownTimeoutMs: 5000,
      scheduleCatchUp: 'none',
      heapGrowthPercent: 0,
      databaseSchema: 'klikkflow_prod',
      redisPrefix: 'kf-prod',
      leaseMs: 10_000,
      workerPort: 9100,
    });
  });

  it('refuses a heap growth that is not a whole percentage from 0 to 1000, naming the variable', () => {
    for (const value of ['-1', '2.5', '1001', 'lots']) {
      const result = failure({ KLIKKFLOW_HEAP_GROWTH_PERCENT: value });
      expect(result.code).toBe('CONFIG_INVALID');
      expect(result.message).toMatch(/KLIKKFLOW_HEAP_GROWTH_PERCENT/);
    }
  });

  it('refuses scale mode (a Redis URL) without PostgreSQL', () => {
    const result = failure({ KLIKKFLOW_REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(result.code).toBe('CONFIG_INVALID');
    expect(result.message).toMatch(/KLIKKFLOW_REDIS_URL needs KLIKKFLOW_DATABASE_URL/);
  });

  it('refuses an egress allowlist entry that is not a host, IP or CIDR', () => {
    expect(() => loadConfig({ KLIKKFLOW_EGRESS_ALLOW: '10.0.0.0/99' })).toThrow(
      /KLIKKFLOW_EGRESS_ALLOW has an invalid entry/,
    );
  });

  it('treats empty values as unset and expands ~ in the data dir', () => {
    const config = loadConfig({ KLIKKFLOW_PORT: '  ', KLIKKFLOW_DATA_DIR: '~/flows' });
    expect(config.port).toBe(5678);
    expect(config.dataDir).toBe(join(homedir(), 'flows'));
  });

  it.each([
    ['KLIKKFLOW_PORT', 'abc', /KLIKKFLOW_PORT must be a number \(got "abc"\)/],
    ['KLIKKFLOW_PORT', '70000', /KLIKKFLOW_PORT must be between 0 and 65535/],
    ['KLIKKFLOW_PORT', '1.5', /KLIKKFLOW_PORT must be an integer/],
    ['KLIKKFLOW_LOG_LEVEL', 'loud', /KLIKKFLOW_LOG_LEVEL must be one of trace, debug/],
    [
      'KLIKKFLOW_DATABASE_URL',
      'mysql://x',
      /KLIKKFLOW_DATABASE_URL must be a URL starting with postgres:\/\//,
    ],
    ['KLIKKFLOW_REDIS_URL', 'not a url', /KLIKKFLOW_REDIS_URL must be a URL starting with redis:\/\//],
    ['KLIKKFLOW_SAVE_EXECUTIONS', 'some', /KLIKKFLOW_SAVE_EXECUTIONS must be one of all, errors, none/],
    ['KLIKKFLOW_CONCURRENCY', '0', /KLIKKFLOW_CONCURRENCY must be at least 1/],
    ['KLIKKFLOW_OWNER_EMAIL', 'nobody', /KLIKKFLOW_OWNER_EMAIL must be an email address/],
    [
      'KLIKKFLOW_DATABASE_SCHEMA',
      'Public; drop',
      /KLIKKFLOW_DATABASE_SCHEMA must be a lower-case SQL identifier/,
    ],
    ['KLIKKFLOW_REDIS_PREFIX', 'a b', /KLIKKFLOW_REDIS_PREFIX must be 1 to 64 letters/],
    ['KLIKKFLOW_LEASE_MS', '500', /KLIKKFLOW_LEASE_MS must be at least 1000/],
    ['KLIKKFLOW_WORKER_PORT', '-2', /KLIKKFLOW_WORKER_PORT must be between 0 and 65535/],
    ['KLIKKFLOW_SCHEDULE_CATCH_UP', 'all', /KLIKKFLOW_SCHEDULE_CATCH_UP must be one of latest, none/],
  ])('rejects %s=%s with CONFIG_INVALID naming the variable', (variable, value, pattern) => {
    const result = failure({ [variable]: value });
    expect(result.code).toBe('CONFIG_INVALID');
    expect(result.message).toMatch(pattern);
  });

  it('lists every bad variable and never echoes the encryption key or the owner password', () => {
    const result = failure({
      KLIKKFLOW_PORT: '-1',
      KLIKKFLOW_ENCRYPTION_KEY: 'short-secret',
      KLIKKFLOW_OWNER_PASSWORD: 'tiny',
    });
    expect(result.message).toContain('KLIKKFLOW_PORT');
    expect(result.message).toContain('KLIKKFLOW_ENCRYPTION_KEY must be at least 32 characters long');
    expect(result.message).toContain('KLIKKFLOW_OWNER_PASSWORD must be at least 8 characters long');
    expect(result.message).not.toContain('short-secret');
    expect(result.message).not.toContain('tiny');
    expect(result.details).toEqual({
      problems: [
        expect.objectContaining({ variable: 'KLIKKFLOW_PORT' }),
        expect.objectContaining({ variable: 'KLIKKFLOW_ENCRYPTION_KEY' }),
        expect.objectContaining({ variable: 'KLIKKFLOW_OWNER_PASSWORD' }),
      ],
    });
  });

  it('ignores unrelated variables', () => {
    expect(loadConfig({ PORT: '1', KLIKKFLOW_UNKNOWN: 'x' }).port).toBe(5678);
  });
});
