import { describe, expect, it } from 'vitest';
import { formatJsonPath, issuesFromZod } from './validation.js';
import { workflowJsonSchema, workflowSchema } from './workflow.schema.js';

const node = (id: string, name = id) => ({ id, name, type: 'core.noOp', version: 1, position: [0, 0] });

describe('workflowSchema', () => {
  it('applies defaults: v1 order, UTC, main connections, port 0', () => {
    const workflow = workflowSchema.parse({
      schemaVersion: 1,
      id: 'w',
      name: 'W',
      nodes: [node('a'), node('b')],
      connections: [{ from: { node: 'a' }, to: { node: 'b' } }],
    });
    expect(workflow.settings).toEqual({ executionOrder: 'v1', timezone: 'UTC' });
    expect(workflow.connections[0]).toEqual({
      from: { node: 'a', output: 0 },
      to: { node: 'b', input: 0 },
      type: 'main',
    });
    expect(workflow.nodes[0]?.parameters).toEqual({});
  });

  it('reports duplicate ids and names, dangling connections and pinned data for unknown nodes', () => {
    const result = workflowSchema.safeParse({
      schemaVersion: 1,
      id: 'w',
      name: 'W',
      nodes: [node('a', 'Same'), node('a', 'Same')],
      connections: [
        { from: { node: 'a' }, to: { node: 'zzz' } },
        { from: { node: 'qqq' }, to: { node: 'a' } },
      ],
      pinData: { ghost: [{ json: {} }] },
    });
    expect(result.success).toBe(false);
    const issues = result.success ? [] : issuesFromZod(result.error);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'nodes[1].id', message: 'duplicate node id "a" (also used by nodes[0])' },
        { path: 'nodes[1].name', message: 'duplicate node name "Same" (also used by nodes[0])' },
        { path: 'connections[0].to.node', message: 'connection ends at unknown node id "zzz"' },
        { path: 'connections[1].from.node', message: 'connection starts at unknown node id "qqq"' },
        { path: 'pinData.ghost', message: 'pinned data for unknown node id "ghost"' },
      ]),
    );
  });

  it('rejects unknown fields, bad type ids, a wrong schema version and bad retry settings', () => {
    const bad = workflowSchema.safeParse({
      schemaVersion: 2,
      id: 'w',
      name: 'W',
      extra: true,
      nodes: [{ ...node('a'), type: 'NoScope', retry: { maxTries: 0 } }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : issuesFromZod(bad.error).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['schemaVersion', '(root)', 'nodes[0].type', 'nodes[0].retry.maxTries']),
    );
  });

  it('accepts AI connection kinds and rejects made-up ones', () => {
    const base = { schemaVersion: 1, id: 'w', name: 'W', nodes: [node('a'), node('b')] };
    const ok = workflowSchema.safeParse({
      ...base,
      connections: [{ from: { node: 'a' }, to: { node: 'b' }, type: 'ai_languageModel' }],
    });
    expect(ok.success).toBe(true);
    const notOk = workflowSchema.safeParse({
      ...base,
      connections: [{ from: { node: 'a' }, to: { node: 'b' }, type: 'weird' }],
    });
    expect(notOk.success).toBe(false);
  });

  it('exports a JSON Schema of the file', () => {
    const schema = workflowJsonSchema();
    expect(schema.type).toBe('object');
    const properties = schema.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining(['schemaVersion', 'nodes', 'connections', 'settings', 'pinData']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'id', 'name', 'nodes']));
  });

  it('formats JSON paths', () => {
    expect(formatJsonPath([])).toBe('(root)');
    expect(formatJsonPath(['nodes', 2, 'parameters', 'url'])).toBe('nodes[2].parameters.url');
    expect(formatJsonPath([0, 'a'])).toBe('[0].a');
  });
});
