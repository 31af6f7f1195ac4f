import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@klikkflow/types';
import { z } from 'zod';
import { parseEgressAllowlist } from './egress/egress-allowlist.js';

/** Log levels the logger accepts, quietest last. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variable each config key is read from; error messages name the variable. */
export const CONFIG_ENV_VARS = {
  port: 'KLIKKFLOW_PORT',
  host: 'KLIKKFLOW_HOST',
  dataDir: 'KLIKKFLOW_DATA_DIR',
  databaseUrl: 'KLIKKFLOW_DATABASE_URL',
  redisUrl: 'KLIKKFLOW_REDIS_URL',
  databaseSchema: 'KLIKKFLOW_DATABASE_SCHEMA',
  redisPrefix: 'KLIKKFLOW_REDIS_PREFIX',
  leaseMs: 'KLIKKFLOW_LEASE_MS',
  workerPort: 'KLIKKFLOW_WORKER_PORT',
  encryptionKey: 'KLIKKFLOW_ENCRYPTION_KEY',
  logLevel: 'KLIKKFLOW_LOG_LEVEL',
  egressAllow: 'KLIKKFLOW_EGRESS_ALLOW',
  filesDir: 'KLIKKFLOW_FILES_DIR',
  ownerEmail: 'KLIKKFLOW_OWNER_EMAIL',
  ownerPassword: 'KLIKKFLOW_OWNER_PASSWORD',
  saveExecutions: 'KLIKKFLOW_SAVE_EXECUTIONS',
  pruneMaxAgeHours: 'KLIKKFLOW_PRUNE_MAX_AGE_HOURS',
  pruneMaxCount: 'KLIKKFLOW_PRUNE_MAX_COUNT',
  concurrency: 'KLIKKFLOW_CONCURRENCY',
  queueCapacity: 'KLIKKFLOW_QUEUE_CAPACITY',
  maxBodyMb: 'KLIKKFLOW_MAX_BODY_MB',
  shutdownTimeoutMs: 'KLIKKFLOW_SHUTDOWN_TIMEOUT_MS',
  scheduleCatchUp: 'KLIKKFLOW_SCHEDULE_CATCH_UP',
  heapGrowthPercent: 'KLIKKFLOW_HEAP_GROWTH_PERCENT',
} as const;

/** Which executions keep their run data: every one, only failed ones, or none. */
export const SAVE_EXECUTION_MODES = ['all', 'errors', 'none'] as const;

/** What a schedule does with slots missed while the server was down: fire the latest once, or skip them all. */
export const SCHEDULE_CATCH_UP_POLICIES = ['latest', 'none'] as const;

type ConfigKey = keyof typeof CONFIG_ENV_VARS;

function urlWithProtocols(protocols: readonly string[]) {
  const list = protocols.map((p) => `${p}//`).join(' or ');
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${list}` },
  );
}

function positiveInt() {
  return z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1');
}

/** A TCP port; 0 lets the system pick a free one. */
function portNumber() {
  return z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535');
}

const configSchema = z
  .object({
    port: portNumber().default(5678),
    host: z.string().default('127.0.0.1'),
    dataDir: z.string().default(join(homedir(), '.klikkflow')),
    databaseUrl: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
    redisUrl: urlWithProtocols(['redis:', 'rediss:']).optional(),
    databaseSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (letters, digits, _)')
      .optional(),
    redisPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"')
      .default('klikkflow'),
    leaseMs: positiveInt().min(1_000, 'must be at least 1000').default(30_000),
    workerPort: portNumber().default(5679),
    encryptionKey: z.string().min(32, 'must be at least 32 characters long').optional(),
    logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    egressAllow: z
      .string()
      .transform((value, ctx) => {
        const entries = value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '');
        try {
          parseEgressAllowlist(entries);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `has an invalid entry: ${(error as Error).message}` });
        }
        return entries;
      })
      .default([]),
    filesDir: z.string().optional(),
    ownerEmail: z.email('must be an email address').optional(),
    ownerPassword: z.string().min(8, 'must be at least 8 characters long').optional(),
    saveExecutions: z
      .enum(SAVE_EXECUTION_MODES, { message: `must be one of ${SAVE_EXECUTION_MODES.join(', ')}` })
      .default('all'),
    pruneMaxAgeHours: positiveInt().default(336),
    pruneMaxCount: positiveInt().default(10_000),
    concurrency: positiveInt().default(20),
    queueCapacity: positiveInt().default(10_000),
    maxBodyMb: positiveInt().default(16),
    shutdownTimeoutMs: positiveInt().default(30_000),
    scheduleCatchUp: z
      .enum(SCHEDULE_CATCH_UP_POLICIES, {
        message: `must be one of ${SCHEDULE_CATCH_UP_POLICIES.join(', ')}`,
      })
      .default('latest'),
    heapGrowthPercent: z.coerce
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .min(0, 'must be 0 or more')
      .max(1000, 'must be at most 1000')
      .default(40),
  })
  .refine((config) => config.redisUrl === undefined || config.databaseUrl !== undefined, {
    path: ['redisUrl'],
    message: 'needs KLIKKFLOW_DATABASE_URL too (scale mode keeps its records in PostgreSQL)',
  });

/** Validated application configuration. */
export interface Config {
  /** HTTP port (`KLIKKFLOW_PORT`, default 5678; 0 picks a free one). */
  port: number;
  /** Interface to listen on (`KLIKKFLOW_HOST`, default 127.0.0.1). */
  host: string;
  /** Where local state lives (`KLIKKFLOW_DATA_DIR`, default `~/.klikkflow`). */
  dataDir: string;
  /** PostgreSQL URL (`KLIKKFLOW_DATABASE_URL`); unset means SQLite in the data dir. */
  databaseUrl?: string;
  /** Redis URL (`KLIKKFLOW_REDIS_URL`); set means scale mode (it needs `databaseUrl` too). */
  redisUrl?: string;
  /** PostgreSQL schema for KlikkFlow's tables (`KLIKKFLOW_DATABASE_SCHEMA`; default: the connection's own). */
  databaseSchema?: string;
  /** Prefix of every Redis key and channel (`KLIKKFLOW_REDIS_PREFIX`, default `klikkflow`). */
  redisPrefix: string;
  /** Scale mode: how long a worker's claim on an execution lasts unless renewed (`KLIKKFLOW_LEASE_MS`, default 30,000). */
  leaseMs: number;
  /** Scale mode: the port of a worker's health and metrics server (`KLIKKFLOW_WORKER_PORT`, default 5679). */
  workerPort: number;
  /** Key for credentials at rest (`KLIKKFLOW_ENCRYPTION_KEY`). */
  encryptionKey?: string;
  /** `KLIKKFLOW_LOG_LEVEL`, default `info`. */
  logLevel: LogLevel;
  /** Hosts or CIDRs outbound requests may reach despite the SSRF guard (`KLIKKFLOW_EGRESS_ALLOW`, comma list). */
  egressAllow: string[];
  /** The only folder file nodes may read and write (`KLIKKFLOW_FILES_DIR`, default `<data dir>/files`). */
  filesDir: string;
  /** Owner account created on first start when none exists (`KLIKKFLOW_OWNER_EMAIL`). */
  ownerEmail?: string;
  /** Its password (`KLIKKFLOW_OWNER_PASSWORD`). */
  ownerPassword?: string;
  /** Default execution saving (`KLIKKFLOW_SAVE_EXECUTIONS`: all, errors, none; default all). */
  saveExecutions: (typeof SAVE_EXECUTION_MODES)[number];
  /** Finished executions older than this are pruned (`KLIKKFLOW_PRUNE_MAX_AGE_HOURS`, default 336). */
  pruneMaxAgeHours: number;
  /** At most this many finished executions are kept (`KLIKKFLOW_PRUNE_MAX_COUNT`, default 10,000). */
  pruneMaxCount: number;
  /** Executions running at once (`KLIKKFLOW_CONCURRENCY`, default 20). */
  concurrency: number;
  /** Accepted executions waiting to run before new ones are refused (`KLIKKFLOW_QUEUE_CAPACITY`, default 10,000). */
  queueCapacity: number;
  /** Request body limit in MB (`KLIKKFLOW_MAX_BODY_MB`, default 16). */
  maxBodyMb: number;
  /** How long SIGTERM waits for running executions (`KLIKKFLOW_SHUTDOWN_TIMEOUT_MS`, default 30,000). */
  shutdownTimeoutMs: number;
  /** Missed schedule slots: `latest` fires the latest once, `none` skips them (`KLIKKFLOW_SCHEDULE_CATCH_UP`). */
  scheduleCatchUp: (typeof SCHEDULE_CATCH_UP_POLICIES)[number];
  /**
   * How much V8 lets the heap grow past what survived a full collection, in percent
   * (`KLIKKFLOW_HEAP_GROWTH_PERCENT`, default 40; 0 keeps V8's own heuristics). Applied by the `klikkflow`
   * launcher before anything else runs; validated here so a bad value is reported like any other.
   */
  heapGrowthPercent: number;
}

/** An environment: variable name → value. */
export type Env = Record<string, string | undefined>;

/** Expands a leading `~` so `KLIKKFLOW_DATA_DIR=~/x` means the home directory, as in a shell. */
function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

/**
 * Reads the configuration from `KLIKKFLOW_*` environment variables. Empty values count as unset.
 * Throws `UserError` `CONFIG_INVALID` listing every bad variable by name.
 */
export function loadConfig(env: Env = process.env): Config {
  const raw: Partial<Record<ConfigKey, string>> = {};
  for (const [key, variable] of Object.entries(CONFIG_ENV_VARS) as [ConfigKey, string][]) {
    const value = env[variable]?.trim();
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as ConfigKey;
      const variable = CONFIG_ENV_VARS[key];
      // The encryption key is a secret: never echo it back.
      const shown = key === 'encryptionKey' || key === 'ownerPassword' ? '' : ` (got "${raw[key] ?? ''}")`;
      return { variable, message: `${variable} ${issue.message}${shown}` };
    });
    throw new UserError(
      'CONFIG_INVALID',
      `invalid configuration: ${problems.map((p) => p.message).join('; ')}`,
      { details: { problems } },
    );
  }
  const { filesDir, ...rest } = parsed.data;
  const dataDir = expandHome(rest.dataDir);
  return {
    ...rest,
    dataDir,
    filesDir: filesDir === undefined ? join(dataDir, 'files') : expandHome(filesDir),
  };
}
