import { type SerializedError, serializeError, UserError } from '@klikkflow/types';
import type { SlotCallResult } from './isolate-slot.js';

/** A failure as the in-isolate runtime reports it. */
export interface RuntimeFailure {
  ok: false;
  code: string;
  name?: string;
  message: string;
  line?: number;
  logs?: string[];
  /** Custom data the Code run set before it failed. */
  customData?: Record<string, string>;
}

/** Builds the serialized error of a sandbox failure. No host stack: it would only describe the sandbox. */
export function sandboxError(
  code: string,
  message: string,
  details?: Record<string, unknown>,
): SerializedError {
  const error = serializeError(new UserError(code, message, details === undefined ? {} : { details }));
  delete error.stack;
  return error;
}

/** The error of a call the isolate stopped as a whole (time, memory, or the sandbox itself failing). */
export function callFailureError(
  failure: Extract<SlotCallResult, { ok: false }>,
  prefix: 'EXPR' | 'CODE',
  limits: { timeoutMs: number; memoryMb: number },
): SerializedError {
  if (failure.reason === 'timeout') {
    return sandboxError(
      `${prefix}_TIMEOUT`,
      `Script ran longer than the time limit of ${limits.timeoutMs} ms`,
      {
        timeoutMs: limits.timeoutMs,
      },
    );
  }
  if (failure.reason === 'memory') {
    return sandboxError(
      `${prefix}_MEMORY`,
      `Script used more than the memory limit of ${limits.memoryMb} MB`,
      {
        memoryMb: limits.memoryMb,
      },
    );
  }
  return sandboxError(`${prefix}_ERROR`, failure.message);
}

/** The error of a failure reported by the runtime (a throw, a syntax error, an invalid result). */
export function runtimeFailureError(failure: RuntimeFailure): SerializedError {
  const details: Record<string, unknown> = {};
  if (failure.name !== undefined && failure.name !== 'Error') details.errorName = failure.name;
  if (failure.line !== undefined) details.line = failure.line;
  return sandboxError(failure.code, failure.message, Object.keys(details).length > 0 ? details : undefined);
}

/**
 * Parses JSON text that came out of the isolate. `__proto__` keys are dropped (only when present, to
 * keep the common path fast), so no result can smuggle a prototype into a host object that is later
 * merged with `Object.assign` or a plain assignment.
 */
export function parseIsolateJson<T>(text: string): T {
  if (!text.includes('"__proto__"')) return JSON.parse(text) as T;
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)) as T;
}
