import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestServerData, startTestServer, type TestServer } from './server-harness.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../packages/migrate/test/fixtures/${name}`, import.meta.url), 'utf8'),
  );

async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`n8n workflows through the API and real webhooks [${dialect}]`, () => {
    let t: TestServer & { schema?: string };

    beforeAll(async () => {
      t = await startTestServer({ dialect });
    });
    afterAll(async () => {
      await t.close();
      await removeTestServerData(t);
    });

    it('imports the n8n bench exports, activates them and answers what n8n answers', async () => {
      const imported = await t.api('POST', '/api/v1/workflows/import?activate=true', [
        fixture('bench-simple.n8n.json'),
        fixture('bench-heavy.n8n.json'),
      ]);
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body.data).toEqual([
        expect.objectContaining({ id: 'BenchSimple00001', name: 'bench-simple', created: true }),
        expect.objectContaining({ id: 'BenchHeavy000001', name: 'bench-heavy', created: true }),
      ]);
      expect(imported.body.data[0].report).toEqual({
        unsupportedNodes: [],
        unmatchedCredentials: [],
        unsupportedExpressionFeatures: {},
        warnings: [],
      });

      const simple = await postJson(`${t.url}/webhook/bench`, { name: 'bench', value: 42 });
      expect(simple).toEqual({ status: 200, body: { name: 'bench', value: 42, processed: true } });

      const items = Array.from({ length: 1000 }, (_, index) => ({
        id: index,
        value: index * 7,
        name: `item-${index}`,
      }));
      const heavy = await postJson(`${t.url}/webhook/heavy`, { items });
      expect(heavy.status).toBe(200);
      // Merge (append) emits input 1 (fizz) before input 2 (other), each in arrival order.
      const tagged = items.map((item) => ({ ...item, doubled: item.value * 2 }));
      const expected = [
        ...tagged.filter((item) => item.doubled % 3 === 0).map((item) => ({ ...item, tag: 'fizz' })),
        ...tagged.filter((item) => item.doubled % 3 !== 0).map((item) => ({ ...item, tag: 'other' })),
      ];
      expect(heavy.body).toEqual(expected);
    });

    it('reports placeholders and unmatched credentials, and exports back to n8n', async () => {
      const source = {
        name: 'Partly supported',
        nodes: [
          {
            name: 'Start',
            type: 'n8n-nodes-base.manualTrigger',
            typeVersion: 1,
            position: [0, 0],
            parameters: {},
          },
          {
            name: 'Sheet',
            type: 'n8n-nodes-base.googleSheets',
            typeVersion: 4.5,
            position: [200, 0],
            parameters: { operation: 'append' },
            credentials: { googleSheetsOAuth2Api: { id: '7', name: 'My sheets' } },
          },
        ],
        connections: { Start: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] } },
      };
      const imported = await t.api('POST', '/api/v1/workflows/import?format=n8n', source);
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      const [entry] = imported.body.data;
      expect(entry.report.unsupportedNodes).toEqual([
        expect.objectContaining({ name: 'Sheet', type: 'n8n-nodes-base.googleSheets', typeVersion: 4.5 }),
      ]);
      expect(entry.report.unmatchedCredentials).toEqual([
        { node: 'Sheet', type: 'googleSheetsOAuth2Api', name: 'My sheets' },
      ]);

      const exported = await t.api('GET', `/api/v1/workflows/${entry.id}/export/n8n`);
      expect(exported.status).toBe(200);
      expect(exported.body.nodes[1]).toMatchObject({
        name: 'Sheet',
        type: 'n8n-nodes-base.googleSheets',
        typeVersion: 4.5,
        parameters: { operation: 'append' },
        credentials: { googleSheetsOAuth2Api: { id: '', name: 'My sheets' } },
      });
      expect(exported.body.connections).toEqual({
        Start: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] },
      });
    });

    it('answers 400 with a stable code for an n8n file that cannot be imported', async () => {
      const answer = await t.api('POST', '/api/v1/workflows/import?format=n8n', { nodes: [{ name: 'x' }] });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('IMPORT_N8N_INVALID');
      expect(answer.body.message).toContain('nodes[0].type');
    });
  });
}

describe('renaming a node through the API', () => {
  let t: TestServer & { schema?: string };

  beforeAll(async () => {
    t = await startTestServer({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await t.close();
    await removeTestServerData(t);
  });

  it('rewrites every reference to the old name, stores a new version, and refuses a taken name', async () => {
    const definition = {
      schemaVersion: 1,
      id: 'rename-me',
      name: 'Rename me',
      nodes: [
        { id: 'start', name: 'Start', type: 'core.manualTrigger', version: 1, position: [0, 0] },
        {
          id: 'use',
          name: 'Use',
          type: 'core.set',
          version: 1,
          position: [200, 0],
          parameters: {
            assignments: [
              {
                name: 'a',
                type: 'string',
                value: '={{ $(\'Start\').item.json.x }} {{ $node["Start"].json.y }}',
              },
            ],
          },
        },
        {
          id: 'code',
          name: 'Code',
          type: 'core.code',
          version: 1,
          position: [400, 0],
          parameters: { jsCode: "return $('Start').all();" },
        },
      ],
      connections: [
        { from: { node: 'start', output: 0 }, to: { node: 'use', input: 0 } },
        { from: { node: 'use', output: 0 }, to: { node: 'code', input: 0 } },
      ],
    };
    expect((await t.api('POST', '/api/v1/workflows', definition)).status).toBe(201);

    const renamed = await t.api('POST', '/api/v1/workflows/rename-me/nodes/start/rename', {
      name: "Bob's start",
    });

    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.version).toBe(2);
    const nodes = renamed.body.definition.nodes;
    expect(nodes[0].name).toBe("Bob's start");
    expect(nodes[1].parameters.assignments[0].value).toBe(
      "={{ $('Bob\\'s start').item.json.x }} {{ $node[\"Bob's start\"].json.y }}",
    );
    expect(nodes[2].parameters.jsCode).toBe("return $('Bob\\'s start').all();");

    const taken = await t.api('POST', '/api/v1/workflows/rename-me/nodes/use/rename', { name: 'Code' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('WF_NODE_NAME_TAKEN');
    const unknown = await t.api('POST', '/api/v1/workflows/rename-me/nodes/ghost/rename', { name: 'X' });
    expect(unknown.status).toBe(404);
  });
});
