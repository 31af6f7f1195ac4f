import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The modules a source file imports statically (`import … from`, `export … from`; not `import()`). */
function staticImports(file: URL): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map(
    (match) => match[1]!,
  );
}

/** Every package a module reaches through static imports of this package's own files. */
function reachablePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: URL) => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(new URL(specifier.replace(/\.js$/, '.ts'), file));
      else packages.add(specifier);
    }
  };
  visit(new URL(entry, import.meta.url));
  return packages;
}

describe('queue entry points', () => {
  it('the main entry (embedded mode) never loads the Redis libraries', () => {
    const reached = reachablePackages('./index.ts');
    expect(reached.has('bullmq')).toBe(false);
    expect(reached.has('ioredis')).toBe(false);
  });

  it('the redis entry holds the scale-mode adapters', () => {
    const reached = reachablePackages('./redis.ts');
    expect(reached.has('bullmq')).toBe(true);
    expect(reached.has('ioredis')).toBe(true);
  });
});
