import { AppError, type ErrorIntent, errorCode } from '@klikkflow/types';

/** The body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Codes whose status is not the default of their intent. */
const STATUS_BY_CODE: Record<string, number> = {
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_FORBIDDEN: 403,
  AUTH_CSRF: 403,
  SETUP_REQUIRED: 403,
  SETUP_ALREADY_DONE: 409,
  AUTH_THROTTLED: 429,
  DB_NOT_FOUND: 404,
  NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_METHOD_NOT_ALLOWED: 405,
  WORKFLOW_NOT_FOUND: 404,
  WORKFLOW_VERSION_NOT_FOUND: 404,
  EXECUTION_NOT_FOUND: 404,
  CREDENTIAL_NOT_FOUND: 404,
  NODE_TYPE_NOT_FOUND: 404,
  TAG_NOT_FOUND: 404,
  VARIABLE_NOT_FOUND: 404,
  DB_CONFLICT: 409,
  DB_VERSION_CONFLICT: 409,
  WEBHOOK_PATH_TAKEN: 409,
  EXECUTION_STATE_CONFLICT: 409,
  WF_NODE_NAME_TAKEN: 409,
  WF_UNKNOWN_NODE: 404,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  QUEUE_FULL: 429,
  DB_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

const STATUS_BY_INTENT: Record<ErrorIntent, number> = {
  user: 400,
  operational: 503,
  unexpected: 500,
};

/** Fastify's own client-error codes, with ours. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'BODY_TOO_LARGE',
    message: 'the request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'this content type is not accepted here',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BODY_INVALID', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BODY_INVALID', message: 'the body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BODY_INVALID',
    message: 'the content length does not match the body',
  },
};

/**
 * Maps any error to its HTTP status and body: the one place where intent becomes status. Unexpected
 * errors answer 500 with a generic message so internals never leak; the caller logs them.
 */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError || (typeof error === 'object' && error !== null && 'intent' in error)) {
    const appError = error as AppError;
    const status = STATUS_BY_CODE[appError.code] ?? STATUS_BY_INTENT[appError.intent] ?? 500;
    if (status >= 500 && appError.intent === 'unexpected') {
      return { status, body: { code: 'INTERNAL', message: 'an internal error occurred' } };
    }
    const body: ErrorBody = { code: appError.code, message: appError.message };
    if (appError.details && Object.keys(appError.details).length > 0) body.details = appError.details;
    return { status, body };
  }
  const code = errorCode(error);
  const fastify = FASTIFY_CODES[code];
  if (fastify) return { status: fastify.status, body: { code: fastify.code, message: fastify.message } };
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (
    error instanceof SyntaxError ||
    (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
  ) {
    const status = typeof statusCode === 'number' ? statusCode : 400;
    const message = error instanceof Error ? error.message : 'bad request';
    return { status, body: { code: 'BAD_REQUEST', message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'an internal error occurred' } };
}
