import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './cli-harness.js';

describe('klikkflow validate', () => {
  it('prints "valid" and exits 0 for a valid file', async () => {
    const result = await runCli(['validate', 'examples/hello.workflow.json'], { cwd: repoRoot });
    expect(result).toEqual({ code: 0, stdout: 'valid\n', stderr: '' });
  });

  it('lists schema problems with their JSON path and node name, exit 2', async () => {
    const result = await runCli(['validate', 'bad-schema.workflow.json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/bad-schema\.workflow\.json is not a valid workflow \(\d+ problems\):/);
    expect(result.stdout).toContain('nodes[1].version (node "Copy"): ');
    expect(result.stdout).toContain('nodes[1].position (node "Copy"): ');
  });

  it('reports registry problems as JSON with --json', async () => {
    const result = await runCli(['validate', 'invalid.workflow.json', '--json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { valid: boolean; issues: { path: string; text: string }[] };
    expect(report.valid).toBe(false);
    expect(report.issues.map((issue) => issue.text)).toEqual([
      'nodes[1].type (node "Set"): unknown node type "core.foo" version 1',
      expect.stringMatching(/^connections\[2\]\.from\.output \(node "Check"\): output 2 does not exist/),
    ]);
  });

  it('reports a valid file as JSON with --json', async () => {
    const result = await runCli(['validate', 'echo.workflow.json', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, issues: [] });
  });

  it('exits 2 for bad JSON', async () => {
    const result = await runCli(['validate', 'not-json.workflow.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error CLI_FILE_NOT_JSON: workflow file .* is not valid JSON/);
  });
});

describe('klikkflow nodes, schema and usage', () => {
  it('lists the built-in node types with versions and display names', async () => {
    const result = await runCli(['nodes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^TYPE\s+VERSION\s+NAME\s+DESCRIPTION\n/);
    expect(result.stdout).toMatch(/\ncore\.if\s+1\s+If\s+/);
    expect(result.stdout).toMatch(/\ncore\.manualTrigger\s+1\s+Manual Trigger\s+/);
  });

  it('lists them as JSON with --json', async () => {
    const result = await runCli(['nodes', '--json']);
    const nodes = JSON.parse(result.stdout) as { type: string; version: number; displayName: string }[];
    expect(nodes).toContainEqual(expect.objectContaining({ type: 'core.set', version: 1 }));
    expect(nodes.map((node) => node.type)).toEqual([...nodes.map((node) => node.type)].sort());
  });

  it('prints the JSON Schema of the workflow file', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['schemaVersion', 'nodes']));
  });

  it('exits 2 on usage errors and 0 for --help', async () => {
    const missing = await runCli(['run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'file'");
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate [options] <file>');
  });
});
