import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './cli-harness.js';

describe('klikkflow run', () => {
  it('runs the hello example and prints the last node output items as JSON', async () => {
    const result = await runCli(['run', 'examples/hello.workflow.json', '--input', '{"name":"Ada"}'], {
      cwd: repoRoot,
    });
    expect(result.stderr).toContain('✓ Greet (1 item,');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'Ada', greeting: 'Hello, Ada!', nameLength: 3, size: 'short' },
    ]);
  });

  it('prints one plain progress line per node when stderr is not a terminal', async () => {
    const result = await runCli(['run', 'echo.workflow.json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^✓ Start \(1 item, [\d.]+ ms\)\n✓ Mark \(1 item, [\d.]+ ms\)\n$/);
    expect(JSON.parse(result.stdout)).toEqual([{ seen: true }]);
  });

  it('draws a single updating line on a terminal and ends with a summary', async () => {
    const result = await runCli(['run', 'echo.workflow.json'], { tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\x1b[2K');
    expect(result.stderr).toMatch(/Mark \(1 node done\)/);
    expect(result.stderr).toMatch(/✓ 2 nodes ran in [\d.]+ ms\n$/);
    expect(result.stderr).not.toContain('✓ Mark (');
  });

  it('takes --input as an object (one item), an array (one item each) or @file', async () => {
    const one = await runCli(['run', 'echo.workflow.json', '--input', '{"a":1}']);
    expect(JSON.parse(one.stdout)).toEqual([{ a: 1, seen: true }]);

    const many = await runCli(['run', 'echo.workflow.json', '--input', '[{"a":1},{"a":2}]']);
    expect(JSON.parse(many.stdout)).toEqual([
      { a: 1, seen: true },
      { a: 2, seen: true },
    ]);
    expect(many.stderr).toContain('✓ Mark (2 items,');

    const file = await runCli(['run', 'echo.workflow.json', '--input', '@input-items.json']);
    expect(JSON.parse(file.stdout)).toEqual([
      { id: 1, city: 'Oslo', seen: true },
      { id: 2, city: 'Bergen', seen: true },
    ]);
  });

  it.each([
    ['{not json', /--input is not valid JSON/],
    ['42', /--input must be a JSON object or an array of JSON objects/],
    ['[{"a":1}, 7]', /--input element 1 is not a JSON object/],
    ['@missing.json', /cannot read --input file .*missing\.json: no such file/],
  ])('rejects --input %s with exit 2', async (input, message) => {
    const result = await runCli(['run', 'echo.workflow.json', '--input', input]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 1 naming the failed node, its error code and message', async () => {
    const result = await runCli(['run', 'failing.workflow.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('✓ Start (1 item,');
    expect(result.stderr).toMatch(/✗ Convert price: .*twelve euros/);
    expect(result.stderr).toMatch(/error NODE_[A-Z_]+ in node "Convert price": /);
    expect(result.stderr).not.toContain('Never reached');
  });

  it('exits 2 and lists every problem of an invalid file without running it', async () => {
    const result = await runCli(['run', 'invalid.workflow.json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('nodes[1].type (node "Set"): unknown node type "core.foo" version 1');
    expect(result.stderr).toMatch(/connections\[2\]\.from\.output \(node "Check"\): output 2 does not exist/);
    expect(result.stderr).not.toContain('✓');
  });

  it.each([
    ['missing.workflow.json', /cannot read workflow file .*missing\.workflow\.json: no such file/],
    ['not-json.workflow.json', /workflow file .*not-json\.workflow\.json is not valid JSON/],
  ])('exits 2 for %s with a message naming the problem', async (file, message) => {
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
