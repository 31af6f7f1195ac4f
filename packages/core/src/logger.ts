import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from './config.js';

/** What the redaction replaces a secret with. */
export const REDACTED = '[redacted]';

const secretKeys = [
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'secret',
  'clientSecret',
  'authorization',
  'cookie',
  'encryptionKey',
  'credentials',
  'privateKey',
];

/**
 * Paths pino redacts: each secret key at the top level and one level down, plus request headers.
 * Pino's wildcards only match one level, so deeper secrets must not be logged in the first place.
 */
export const REDACT_PATHS: readonly string[] = [
  ...secretKeys,
  ...secretKeys.map((key) => `*.${key}`),
  'headers.authorization',
  'headers.cookie',
  'headers["x-klikkflow-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-klikkflow-api-key"]',
  'res.headers["set-cookie"]',
];

/** The application logger type. */
export type AppLogger = Logger;

/**
 * Creates the pino logger at the configured level, with secrets redacted.
 * `destination` defaults to stdout; tests pass a stream.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): AppLogger {
  const options = {
    level: config.logLevel,
    base: { app: 'klikkflow' },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}
