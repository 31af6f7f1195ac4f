import { deserializeError, type SerializedError, serializeError } from '@klikkflow/types';

/** Shorter values are not scrubbed: replacing one or two characters everywhere would garble messages. */
const MIN_SECRET_LENGTH = 4;
const MASK = '[redacted]';

/** A secret as it may appear in a message: as is, percent-encoded, form-encoded and in Basic auth. */
export function secretSpellings(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  return [...new Set([secret, encodeURIComponent(secret), form])];
}

/** The text with every secret spelling masked, longest first so a secret inside another one goes too. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
  return out;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, redactValue(entry, secrets)]),
    );
  }
  return value;
}

/**
 * The error to throw instead of `error` so no credential secret reaches run data or logs: unchanged when
 * no secret appears in it (message, details, causes, stack), else rebuilt from its data with secrets
 * masked, keeping code and intent.
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return error;
  const data = serializeError(error);
  const text = JSON.stringify(data);
  if (!secrets.some((secret) => text.includes(secret))) return error;
  return deserializeError(redactValue(data, secrets) as SerializedError);
}
