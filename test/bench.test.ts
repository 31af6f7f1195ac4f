import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './support/ensure-built.js';

function bench(args: string[]) {
  return spawnSync(process.execPath, ['scripts/bench.mjs', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npm run bench -- engine (smoke mode)', () => {
  beforeAll(ensureBuilt, 180_000);

  it('checks the engine result against the baseline and ends with the summary line', () => {
    const result = bench(['engine', '--iterations', '3', '--no-build']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-5)).toMatch(/^heavy engine: median [\d.]+ ms, mean [\d.]+ ms \(3 runs\)$/);
    expect(lines.at(-4)).toMatch(
      /^heavy engine, expressions in the sandbox: median [\d.]+ ms, mean [\d.]+ ms \(3 runs\)$/,
    );
    expect(lines.at(-3)).toMatch(/^heavy baseline: median [\d.]+ ms, mean [\d.]+ ms \(30 runs\)$/);
    expect(lines.at(-2)).toMatch(/^heavy \(expressions in the sandbox\): [\d.]+ ms\/exec, ratio [\d.]+$/);
    expect(lines.at(-1)).toMatch(/^heavy: [\d.]+ ms\/exec, baseline [\d.]+ ms, ratio [\d.]+$/);
  }, 120_000);

  it('refuses an unknown bench or a bad iteration count with exit 2', () => {
    expect(bench(['nope', '--no-build']).status).toBe(2);
    const bad = bench(['engine', '--iterations', 'many', '--no-build']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--iterations must be a positive integer');
  });
});
