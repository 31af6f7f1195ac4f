import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from './cli-harness.js';
import { dataDirEnv, echoWorkflow, freshDataDir, openDataDirDatabase } from './database-harness.js';

/** A folder of workflow files: `files` maps a file name to its JSON content. */
function workflowFolder(files: Record<string, unknown>): string {
  const folder = join(freshDataDir(), 'workflows');
  mkdirSync(folder);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(folder, name), JSON.stringify(content));
  }
  return folder;
}

describe('klikkflow import', () => {
  it('imports the valid files of a folder in name order and reports every problem of the invalid one', async () => {
    const dataDir = freshDataDir();
    const folder = workflowFolder({
      'b.json': echoWorkflow('wf-b', 'Bravo'),
      'a.json': echoWorkflow('wf-a', 'Alpha'),
      'notes.txt': 'not a workflow',
    });
    copyFileSync(join(fixtures, 'invalid.workflow.json'), join(folder, 'c.json'));
    mkdirSync(join(folder, 'nested.json'));

    const result = await runCli(['import', folder], { env: dataDirEnv(dataDir) });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      'imported wf-a "Alpha" (created)\n' +
        'imported wf-b "Bravo" (created)\n' +
        'imported 2 workflows (2 created, 0 updated); skipped 1 invalid\n',
    );
    expect(result.stderr).toContain(`${join(folder, 'c.json')} is not a valid workflow (2 problems):`);
    expect(result.stderr).toContain('nodes[1].type (node "Set"): unknown node type "core.foo" version 1');
    expect(result.stderr).toMatch(/connections\[2\]\.from\.output \(node "Check"\): output 2 does not exist/);
    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      const page = await repos.workflows.list({ limit: 10 });
      expect(page.items.map((workflow) => workflow.id).sort()).toEqual(['wf-a', 'wf-b']);
      expect(await repos.workflows.get('invalid')).toBeUndefined();
    } finally {
      await connection.close();
    }
  });

  it('stores a re-imported workflow as version 2 with the new definition', async () => {
    const dataDir = freshDataDir();
    const env = dataDirEnv(dataDir);
    const folder = workflowFolder({ 'wf.json': echoWorkflow('wf', 'First') });
    expect((await runCli(['import', join(folder, 'wf.json')], { env })).code).toBe(0);
    writeFileSync(join(folder, 'wf.json'), JSON.stringify(echoWorkflow('wf', 'Second')));

    const again = await runCli(['import', join(folder, 'wf.json')], { env });

    expect(again).toEqual({
      code: 0,
      stdout: 'imported wf "Second" (updated)\nimported 1 workflow (0 created, 1 updated)\n',
      stderr: '',
    });
    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      const record = await repos.workflows.get('wf');
      expect(record).toMatchObject({ version: 2, name: 'Second', active: false });
      expect((await repos.workflows.getVersion('wf', 1))?.name).toBe('First');
    } finally {
      await connection.close();
    }
  });

  it('imports an array file, reports an invalid element by index and activates with --activate', async () => {
    const dataDir = freshDataDir();
    const broken = { ...echoWorkflow('broken', 'Broken'), schemaVersion: 9 };
    const folder = workflowFolder({
      'many.json': [echoWorkflow('one', 'One'), broken, echoWorkflow('two', 'Two')],
    });

    const result = await runCli(['import', join(folder, 'many.json'), '--activate'], {
      env: dataDirEnv(dataDir),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(folder, 'many.json')}[1] is not a valid workflow (1 problem):`);
    expect(result.stdout).toContain(
      'imported 2 workflows (2 created, 0 updated, all active); skipped 1 invalid\n',
    );
    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      expect((await repos.workflows.listActive()).map((workflow) => workflow.id).sort()).toEqual([
        'one',
        'two',
      ]);
    } finally {
      await connection.close();
    }
  });

  it('activates an existing inactive workflow on re-import with --activate', async () => {
    const dataDir = freshDataDir();
    const env = dataDirEnv(dataDir);
    const file = join(workflowFolder({ 'wf.json': echoWorkflow('wf', 'Flow') }), 'wf.json');
    await runCli(['import', file], { env });
    expect((await runCli(['import', file, '--activate'], { env })).code).toBe(0);
    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      expect(await repos.workflows.get('wf')).toMatchObject({ active: true, version: 2 });
    } finally {
      await connection.close();
    }
  });

  it('reports a file that is not JSON and skips it, exit 2', async () => {
    const result = await runCli(['import', 'not-json.workflow.json'], { env: dataDirEnv(freshDataDir()) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error CLI_FILE_NOT_JSON: workflow file not-json\.workflow\.json is not valid JSON/,
    );
    expect(result.stdout).toBe('imported 0 workflows (0 created, 0 updated); skipped 1 invalid\n');
  });

  it('exits 2 naming a path that does not exist', async () => {
    const result = await runCli(['import', 'missing-folder'], { env: dataDirEnv(freshDataDir()) });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error CLI_PATH_NOT_FOUND: cannot import missing-folder: no such file or directory\n',
    });
  });

  it('imports into a SQLite file while a server holds a read transaction open on it', async () => {
    const dataDir = freshDataDir();
    const server = await openDataDirDatabase(dataDir);
    const file = join(workflowFolder({ 'wf.json': echoWorkflow('shared', 'Shared') }), 'wf.json');
    try {
      // Without WAL a reader's lock would keep the CLI from committing until the busy timeout failed it.
      const result = await server.connection.db.transaction().execute(async (trx) => {
        await trx.selectFrom('workflows').select('id').execute();
        return runCli(['import', file], { env: dataDirEnv(dataDir) });
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect((await server.repos.workflows.get('shared'))?.name).toBe('Shared');
    } finally {
      await server.connection.close();
    }
  });
});
