/** What every occurrence of a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Strings shorter than this are never registered: redacting them would shred ordinary data. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Scrubs known secret values out of text and data before it is persisted, logged or returned
 * (guarantee G10, battery S6). It redacts by value, not by field name, so a password that a driver
 * copies into an error message is caught too.
 */
export interface Redactor {
  /** Registers one secret with its common encodings. Strings under 4 characters are ignored. */
  addSecret(value: string): void;
  /**
   * Registers every string leaf of credential data, recursively through objects and arrays, except
   * strings under 4 characters and the words `true`, `false` and `null`. Numbers are not registered.
   */
  addSecrets(data: unknown): void;
  /** Replaces every occurrence of any registered form with {@link REDACTED}. */
  redactText(text: string): string;
  /**
   * A deep copy of arrays, objects (prototype kept) and errors with every string value and object key
   * redacted; cycles are reproduced, not followed forever. Dates, binary views, Maps and Sets are
   * returned as they are (JSON persistence does not carry text in them). With no secret registered,
   * the value itself is returned: treat the result as read-only.
   */
  redact<T>(value: T): T;
  /** How many distinct secrets are registered (encodings not counted). */
  readonly size: number;
}

const SKIPPED_WORDS = new Set(['true', 'false', 'null']);

/** The forms a secret commonly travels in: raw, base64 (padded and not), base64url, URL- and JSON-escaped. */
function encodingsOf(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function isCopyable(value: object): boolean {
  return !(
    ArrayBuffer.isView(value) ||
    value instanceof Date ||
    value instanceof Map ||
    value instanceof Set
  );
}

/** Creates an empty redactor; one per execution, filled as credentials are decrypted. */
export function createRedactor(): Redactor {
  return new ValueRedactor();
}

/**
 * A class rather than closures over an object literal: one is made per execution and per authenticated
 * webhook call, and an object literal with a getter (`size`) is slow to create in V8.
 */
class ValueRedactor implements Redactor {
  readonly #secrets = new Set<string>();
  readonly #forms = new Set<string>();
  #pattern: RegExp | undefined;

  get size(): number {
    return this.#secrets.size;
  }

  // A lookahead finds the longest form starting at every position, overlapping ones included, so
  // overlapping or adjacent secrets are merged into one span and no fragment of either survives.
  #compiled(): RegExp {
    if (!this.#pattern) {
      const alternatives = [...this.#forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#pattern = new RegExp(`(?=(${alternatives.join('|')}))`, 'g');
    }
    return this.#pattern;
  }

  redactText(text: string): string {
    if (this.#forms.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    const re = this.#compiled();
    re.lastIndex = 0;
    let out = '';
    let emitted = 0;
    let spanStart = -1;
    let spanEnd = -1;
    for (let match = re.exec(text); match !== null; match = re.exec(text)) {
      const start = match.index;
      const end = start + match[1]!.length;
      if (start > spanEnd) {
        if (spanEnd >= 0) {
          out += text.slice(emitted, spanStart) + REDACTED;
          emitted = spanEnd;
        }
        spanStart = start;
        spanEnd = end;
      } else if (end > spanEnd) {
        spanEnd = end;
      }
      // The match is empty (a lookahead), so step on by hand to look for overlaps at the next position.
      re.lastIndex = start + 1;
    }
    if (spanEnd < 0) return text;
    return out + text.slice(emitted, spanStart) + REDACTED + text.slice(spanEnd);
  }

  redact<T>(value: T): T {
    return this.#forms.size === 0 ? value : (this.#copy(value, new WeakMap()) as T);
  }

  addSecret(value: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.#secrets.has(value)) return;
    this.#secrets.add(value);
    for (const form of encodingsOf(value)) {
      if (form.length >= MIN_SECRET_LENGTH) this.#forms.add(form);
    }
    this.#pattern = undefined;
  }

  addSecrets(data: unknown): void {
    this.#collect(data, new Set());
  }

  #copy(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value !== 'object' || value === null || !isCopyable(value)) return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.#copy(item, seen));
      return out;
    }
    const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
    seen.set(value, out);
    // Error message and stack are own but not enumerable; they are exactly where drivers leak secrets.
    const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
    for (const key of keys) {
      const entry = this.#copy((value as Record<string, unknown>)[key], seen);
      // defineProperty, not assignment: a `__proto__` key from parsed JSON stays a plain property.
      Object.defineProperty(out, this.redactText(key), {
        value: entry,
        enumerable: Object.prototype.propertyIsEnumerable.call(value, key),
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  #collect(data: unknown, seen: Set<object>): void {
    if (typeof data === 'string') {
      if (!SKIPPED_WORDS.has(data)) this.addSecret(data);
      return;
    }
    if (typeof data !== 'object' || data === null || seen.has(data)) return;
    seen.add(data);
    for (const item of Array.isArray(data) ? data : Object.values(data)) this.#collect(item, seen);
  }
}
