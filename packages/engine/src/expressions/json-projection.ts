import type { Item } from '@klikkflow/types';

/** Names through which code can reach the current input items other than `$json.<key>`. */
const WHOLE_INPUT_NAMES = /(?<![\w$])\$(?:input|items|item|data)(?![\w$])/;
const JSON_TOKEN = /(?<![\w$])\$json(?![\w$])/g;
const KEY_ACCESS =
  /^\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)|^\s*(?:\?\.)?\s*\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/;
/** A call right after the key: `$json.isEmpty()` or `$json.toJsonString()` reads the whole object. */
const CALL_AFTER = /^\s*(?:\?\.\s*)?\(/;

/**
 * The top-level `$json` keys the code reads, when that is all it reads of the input items: every `$json` is
 * followed by `.key` or `['key']` that is not called as a method, and no other name reaches the input
 * (`$input`, `$items()`, `$item()`, `$data`). Returns null when the code may read more, so the caller sends whole items.
 * Sending only these keys keeps large items from being serialised into the sandbox for `$json.value * 2`.
 */
export function jsonKeysRead(codes: readonly string[]): Set<string> | null {
  const keys = new Set<string>();
  for (const code of codes) {
    if (WHOLE_INPUT_NAMES.test(code)) return null;
    for (const match of code.matchAll(JSON_TOKEN)) {
      const rest = code.slice(match.index + match[0].length);
      const access = KEY_ACCESS.exec(rest);
      const key = access?.[1] ?? access?.[2] ?? access?.[3];
      if (key === undefined || CALL_AFTER.test(rest.slice(access?.[0].length))) return null;
      keys.add(key);
    }
  }
  return keys;
}

/** Items with only the given top-level json keys (binary kept); lineage is not sent to the sandbox. */
export function projectItems(items: readonly Item[], keys: ReadonlySet<string>): Item[] {
  return items.map((item) => {
    const json: Record<string, unknown> = {};
    for (const key of keys) {
      if (Object.hasOwn(item.json, key)) {
        Object.defineProperty(json, key, {
          value: item.json[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return item.binary ? { json, binary: item.binary } : { json };
  });
}
