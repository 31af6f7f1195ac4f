import type { SandboxLimits } from '@klikkflow/engine';

/** Heap limit in MB when neither the request nor the factory sets one. */
export const DEFAULT_MEMORY_MB = 128;
/** Time limit of an expression batch when the request sets none. */
export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1_000;
/** Time limit of a Code node run when the request sets none. */
export const DEFAULT_CODE_TIMEOUT_MS = 10_000;
/** isolated-vm refuses heaps under 8 MB; the runtime (Luxon included) needs a little more. */
export const MIN_MEMORY_MB = 16;

/** `value` when it is a finite positive number, else `fallback`. */
export function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The limits a call actually runs under: the request's, else the defaults. Shared by both adapters so
 * a limit (and the number in a TIMEOUT/MEMORY message) means the same in and out of process.
 */
export function effectiveLimits(
  limits: Partial<SandboxLimits> | undefined,
  defaultTimeoutMs: number,
  defaultMemoryMb: number,
): SandboxLimits {
  return {
    timeoutMs: positive(limits?.timeoutMs, defaultTimeoutMs),
    memoryMb: Math.max(MIN_MEMORY_MB, Math.round(positive(limits?.memoryMb, defaultMemoryMb))),
  };
}
