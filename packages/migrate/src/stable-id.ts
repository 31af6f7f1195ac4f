/** 64-bit FNV-1a of a string, as 16 hex digits: a stable, dependency-free fingerprint (not a security hash). */
export function fingerprint(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Whether a value can be kept as a native id as it is. */
export function isUsableId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
