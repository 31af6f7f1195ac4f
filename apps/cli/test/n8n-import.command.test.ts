import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opensslEncrypt } from '../../../packages/migrate/test/openssl-encrypt.js';
import { repoRoot, runCli } from './cli-harness.js';
import { dataDirEnv, freshDataDir, openDataDirDatabase } from './database-harness.js';

const migrateFixtures = join(repoRoot, 'packages/migrate/test/fixtures');

const partlySupported = {
  name: 'Sheets sync',
  nodes: [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      name: 'Call API',
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      position: [200, 0],
      parameters: {
        url: 'https://example.com',
        authentication: 'genericCredentialType',
        genericAuthType: 'httpHeaderAuth',
      },
      credentials: { httpHeaderAuth: { id: '12', name: 'Example key' } },
    },
    {
      name: 'Sheet',
      type: 'n8n-nodes-base.googleSheets',
      typeVersion: 4.5,
      position: [400, 0],
      parameters: {},
    },
  ],
  connections: {
    Start: { main: [[{ node: 'Call API', type: 'main', index: 0 }]] },
    'Call API': { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] },
  },
};

/** A folder with the two bench exports, a partly supported workflow and a broken file. */
function n8nFolder(): string {
  const folder = join(freshDataDir(), 'n8n');
  mkdirSync(join(folder, 'more'), { recursive: true });
  copyFileSync(join(migrateFixtures, 'bench-simple.n8n.json'), join(folder, 'simple.json'));
  copyFileSync(join(migrateFixtures, 'bench-heavy.n8n.json'), join(folder, 'more', 'heavy.json'));
  writeFileSync(join(folder, 'more', 'sheets.json'), `${JSON.stringify(partlySupported)}\nSheets sync`);
  writeFileSync(join(folder, 'broken.json'), '{"nodes": [');
  return folder;
}

describe('klikkflow import with n8n files', () => {
  it('--report --json counts imports, fully supported workflows and unsupported node types', async () => {
    const result = await runCli(['import', '--report', n8nFolder(), '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      files: 4,
      workflows: 3,
      imported: 3,
      failed: 1,
      allNodesSupported: 2,
      unsupportedNodeTypes: { 'n8n-nodes-base.googleSheets': 1 },
    });
    expect(report.failures).toEqual([
      {
        label: expect.stringMatching(/broken\.json$/),
        code: 'CLI_FILE_NOT_JSON',
        message: expect.any(String),
      },
    ]);
  });

  it('--report prints the same as text', async () => {
    const result = await runCli(['import', '--report', n8nFolder()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/imported\s+3 \(100\.0%\)/);
    expect(result.stdout).toMatch(/every node type supported\s+2 \(66\.7%\)/);
    expect(result.stdout).toMatch(/n8n-nodes-base\.googleSheets\s+1/);
    expect(result.stdout).toMatch(/broken\.json: CLI_FILE_NOT_JSON/);
  });

  it('stores n8n workflows from a folder, credentials first, and binds them by type and name', async () => {
    const dataDir = freshDataDir();
    const folder = n8nFolder();
    writeFileSync(join(folder, 'broken.json'), '[]');
    const key = 'n8n-instance-key';
    writeFileSync(
      join(folder, 'credentials.json'),
      JSON.stringify([
        {
          id: '12',
          name: 'Example key',
          type: 'httpHeaderAuth',
          data: opensslEncrypt(JSON.stringify({ name: 'X-Key', value: 'canary-secret-4711' }), key),
        },
        { id: '13', name: 'Sheets', type: 'googleSheetsOAuth2Api', data: { clientId: 'a' } },
      ]),
    );
    const withoutKey = await runCli(['import', folder], { env: dataDirEnv(freshDataDir()) });
    expect(withoutKey.stderr).toContain('IMPORT_CREDENTIALS_KEY_NEEDED');

    const result = await runCli(['import', folder, '--n8n-key', key], { env: dataDirEnv(dataDir) });

    expect(result.stdout).toMatch(/imported credential "Example key" \(httpHeaderAuth\) as /);
    expect(result.stderr).toMatch(
      /skipped credential "Sheets" \(googleSheetsOAuth2Api\): CREDENTIAL_TYPE_UNKNOWN/,
    );
    expect(result.stdout).toContain('imported BenchHeavy000001 "bench-heavy" (created)');
    expect(result.stdout).toContain('imported BenchSimple00001 "bench-simple" (created)');
    expect(result.stderr).toMatch(/node "Sheet" \(n8n-nodes-base\.googleSheets\) is a placeholder/);
    expect(result.stderr).toContain('ignored text after the JSON: "Sheets sync"');
    expect(result.stdout).not.toContain('canary-secret-4711');
    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      const [credential] = await repos.credentials.list({ type: 'httpHeaderAuth' });
      const stored = (await repos.workflows.list({ limit: 10, name: 'Sheets' })).items[0]!;
      const sheets = (await repos.workflows.get(stored.id))!.definition;
      expect(sheets.nodes.find((node) => node.name === 'Call API')?.credentials).toEqual({
        httpHeaderAuth: { id: credential!.id, name: 'Example key' },
      });
      expect(credential!.data).not.toContain('canary-secret-4711');
    } finally {
      await connection.close();
    }
  });

  it('runs an n8n file directly and exports stored workflows back as n8n files', async () => {
    const dataDir = freshDataDir();
    const file = join(dataDir, 'greet.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Greet',
        nodes: [
          {
            name: 'Start',
            type: 'n8n-nodes-base.manualTrigger',
            typeVersion: 1,
            position: [0, 0],
            parameters: {},
          },
          {
            name: 'Greeting',
            type: 'n8n-nodes-base.set',
            typeVersion: 3.4,
            position: [200, 0],
            parameters: {
              assignments: {
                assignments: [{ id: '1', name: 'hello', type: 'string', value: '={{ "world" }}' }],
              },
              options: {},
            },
          },
        ],
        connections: { Start: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      }),
    );
    const ran = await runCli(['run', file], { env: dataDirEnv(dataDir) });
    expect(ran.stderr).not.toContain('error');
    expect(JSON.parse(ran.stdout)).toEqual([{ hello: 'world' }]);

    const env = dataDirEnv(dataDir);
    expect((await runCli(['import', file, '--format', 'n8n'], { env })).code).toBe(0);
    const listed = await openDataDirDatabase(dataDir);
    const id = (await listed.repos.workflows.list({ limit: 1 })).items[0]!.id;
    await listed.connection.close();
    const exported = await runCli(['export', '--id', id, '--format', 'n8n'], { env });
    expect(exported.code).toBe(0);
    const n8n = JSON.parse(exported.stdout);
    expect(n8n.nodes.map((node: { type: string }) => node.type)).toEqual([
      'n8n-nodes-base.manualTrigger',
      'n8n-nodes-base.set',
    ]);
    expect(n8n.connections).toEqual({ Start: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] } });
    const bad = await runCli(['export', '--format', 'zapier'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CLI_FORMAT_INVALID');
  });
});

describe('the n8n template corpus', () => {
  it('imports at least 95% of the files, and every failure names its problem (never a crash)', async () => {
    const corpus = join(repoRoot, 'test/fixtures/n8n-templates');
    const result = await runCli(['import', '--report', corpus, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.files).toBe(348);
    expect(report.imported / report.files).toBeGreaterThanOrEqual(0.95);
    for (const failure of report.failures) {
      expect(failure.code).not.toBe('UNEXPECTED_ERROR');
      expect(failure.message.length).toBeGreaterThan(10);
    }
  }, 120_000);
});
