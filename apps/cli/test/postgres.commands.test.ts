import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@klikkflow/core';
import { type DatabaseConnection, openDatabase } from '@klikkflow/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/database.js';
import { dbMigrateCommand } from '../src/db-migrate.command.js';
import { executionListCommand } from '../src/execution-list.command.js';
import { exportCommand } from '../src/export.command.js';
import { importCommand } from '../src/import.command.js';
import { echoWorkflow, freshDataDir, runCommand } from './database-harness.js';

const POSTGRES_URL = process.env.KLIKKFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The commands on the real PostgreSQL named by KLIKKFLOW_DATABASE_URL, in a schema of this run's own
 * (KLIKKFLOW_DATABASE_SCHEMA): parallel runs on the same server must not clash.
 */
describe('the database commands on PostgreSQL', () => {
  const schema = `kf_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
  const env = { KLIKKFLOW_DATABASE_URL: POSTGRES_URL, KLIKKFLOW_DATABASE_SCHEMA: schema };
  let admin: DatabaseConnection;

  beforeAll(async () => {
    admin = await openDatabase({ url: POSTGRES_URL, poolSize: 1 });
  });

  afterAll(async () => {
    await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await admin.close();
  });

  it('migrates, imports, lists executions and exports', async () => {
    const migrated = await runCommand(dbMigrateCommand, env);
    // Opening migrates, so the command reports what that did: everything, in a new schema.
    expect(migrated).toEqual({ code: 0, stdout: 'applied 0001-initial\napplied 0002-leases\n', stderr: '' });
    const again = await runCommand(dbMigrateCommand, env);
    expect(again.stdout).toMatch(/^database is up to date/);

    const file = join(freshDataDir(), 'wf.json');
    writeFileSync(file, JSON.stringify([echoWorkflow('pg-a', 'Alpha'), echoWorkflow('pg-b', 'Bravo')]));
    const imported = await runCommand((io) => importCommand(file, { activate: true }, io), env);
    expect(imported).toEqual({
      code: 0,
      stdout:
        'imported pg-a "Alpha" (created)\nimported pg-b "Bravo" (created)\n' +
        'imported 2 workflows (2 created, 0 updated, all active)\n',
      stderr: '',
    });
    const rows = await admin.db
      .withSchema(schema)
      .selectFrom('workflows')
      .select('id')
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.id)).toEqual(['pg-a', 'pg-b']);

    const { connection, repos } = await openConfiguredDatabase(loadConfig(env));
    try {
      expect((await repos.workflows.listActive()).map((workflow) => workflow.id).sort()).toEqual([
        'pg-a',
        'pg-b',
      ]);
      for (const [id, minute] of [
        ['first', 0],
        ['second', 1],
      ] as const) {
        await repos.executions.create({
          id,
          workflowId: 'pg-a',
          mode: 'manual',
          status: 'new',
          workflow: echoWorkflow('pg-a', 'Alpha'),
          start: {},
          createdAt: Date.UTC(2026, 0, 1, 0, minute),
        });
      }
      await repos.executions.transition('second', ['new'], 'running', {
        startedAt: Date.UTC(2026, 0, 1, 0, 2),
      });
    } finally {
      await connection.close();
    }
    const listed = await runCommand((io) => executionListCommand({ json: true, workflow: 'pg-a' }, io), env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        id: 'second',
        workflowId: 'pg-a',
        status: 'running',
        mode: 'manual',
        startedAt: '2026-01-01T00:02:00.000Z',
        finishedAt: null,
      },
      { id: 'first', workflowId: 'pg-a', status: 'new', mode: 'manual', startedAt: null, finishedAt: null },
    ]);

    const exported = await runCommand((io) => exportCommand({ id: 'pg-b' }, io), env);
    expect(JSON.parse(exported.stdout)).toMatchObject({ id: 'pg-b', name: 'Bravo' });
  });
});
