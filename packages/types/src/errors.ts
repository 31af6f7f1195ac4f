/**
 * Typed errors with stable codes. Errors cross process and sandbox boundaries as data
 * ({@link SerializedError}): consumers check `code`, never `instanceof`.
 */

/** Why an error happened, which decides retries and the HTTP status. */
export type ErrorIntent = 'user' | 'operational' | 'unexpected';

/** An error as plain JSON data: what run data, logs and APIs carry. */
export interface SerializedError {
  /** Stable machine-readable code such as `WF_INVALID` or `NODE_EXECUTION_FAILED`. */
  code: string;
  message: string;
  intent: ErrorIntent;
  /** Extra structured facts (node name, parameter, item index, expression...). */
  details?: Record<string, unknown>;
  /** The serialized cause, when there is one. */
  cause?: SerializedError;
  stack?: string;
}

/** Options shared by every {@link AppError} constructor. */
export interface AppErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Base of every KlikkFlow error: a stable `code`, an intent, a `cause` and structured `details`. */
export class AppError extends Error {
  readonly code: string;
  readonly intent: ErrorIntent;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, intent: ErrorIntent, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.intent = intent;
    this.details = options.details ?? {};
  }
}

/** Bad input from a user or a workflow: never retried. */
export class UserError extends AppError {
  constructor(code: string, message: string, options?: AppErrorOptions) {
    super(code, message, 'user', options);
    this.name = 'UserError';
  }
}

/** A transient failure (network, timeout, busy resource): worth retrying. */
export class OperationalError extends AppError {
  constructor(code: string, message: string, options?: AppErrorOptions) {
    super(code, message, 'operational', options);
    this.name = 'OperationalError';
  }
}

/** A bug: something that should not happen. */
export class UnexpectedError extends AppError {
  constructor(code: string, message: string, options?: AppErrorOptions) {
    super(code, message, 'unexpected', options);
    this.name = 'UnexpectedError';
  }
}

function isSerializedError(value: unknown): value is SerializedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SerializedError).code === 'string' &&
    typeof (value as SerializedError).message === 'string'
  );
}

/**
 * Turns anything thrown into {@link SerializedError} data. Unknown throwables become
 * `UNEXPECTED_ERROR`; plain `Error`s keep their message and stack.
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (error instanceof AppError) {
    const out: SerializedError = { code: error.code, message: error.message, intent: error.intent };
    if (Object.keys(error.details).length > 0) out.details = error.details;
    if (error.cause !== undefined && depth < 5) out.cause = serializeError(error.cause, depth + 1);
    if (error.stack) out.stack = error.stack;
    return out;
  }
  if (error instanceof Error) {
    const out: SerializedError = { code: 'UNEXPECTED_ERROR', message: error.message, intent: 'unexpected' };
    if (error.stack) out.stack = error.stack;
    return out;
  }
  if (isSerializedError(error)) return { ...error, intent: error.intent ?? 'unexpected' };
  return { code: 'UNEXPECTED_ERROR', message: String(error), intent: 'unexpected' };
}

/** Rebuilds an {@link AppError} from data, so errors from a sandbox or another process can be rethrown. */
export function deserializeError(data: SerializedError): AppError {
  const options: AppErrorOptions = {};
  if (data.details) options.details = data.details;
  if (data.cause) options.cause = deserializeError(data.cause);
  const error = new AppError(data.code, data.message, data.intent, options);
  if (data.stack) error.stack = data.stack;
  return error;
}

/** Reads the stable code of anything thrown (`UNEXPECTED_ERROR` when it has none). */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return 'UNEXPECTED_ERROR';
}
