import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../test/support/ensure-built.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function klikkflow(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: fixtures, encoding: 'utf8', timeout: 30_000 });
}

describe('the built klikkflow binary', () => {
  beforeAll(ensureBuilt, 180_000);

  it('starts with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs a workflow: JSON on stdout, progress on stderr, exit 0', () => {
    const result = klikkflow(['run', 'echo.workflow.json', '--input', '[{"n":1},{"n":2}]']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { n: 1, seen: true },
      { n: 2, seen: true },
    ]);
    expect(result.stderr).toContain('✓ Mark (2 items,');
  });

  it('exits 1 for a failing workflow and 2 for an invalid one', () => {
    const failing = klikkflow(['run', 'failing.workflow.json']);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('in node "Convert price"');
    const invalid = klikkflow(['validate', 'invalid.workflow.json']);
    expect(invalid.status).toBe(2);
    expect(invalid.stdout).toContain('unknown node type "core.foo"');
  });

  it('survives a Code node that allocates far past the sandbox memory limit: the node fails, the CLI exits', () => {
    const started = Date.now();
    const result = klikkflow(['run', 'huge-allocation.workflow.json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CODE_MEMORY|CODE_ERROR/);
    expect(result.stderr).toContain('in node "Greedy"');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
