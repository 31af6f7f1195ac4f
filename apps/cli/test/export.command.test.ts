import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowSchema } from '@klikkflow/types';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { dataDirEnv, echoWorkflow, freshDataDir } from './database-harness.js';

/** A data dir holding the given workflows, imported through the CLI. */
async function dataDirWith(...workflows: ReturnType<typeof echoWorkflow>[]): Promise<string> {
  const dataDir = freshDataDir();
  const file = join(dataDir, 'seed.json');
  writeFileSync(file, JSON.stringify(workflows));
  const imported = await runCli(['import', file], { env: dataDirEnv(dataDir) });
  expect(imported.code).toBe(0);
  return dataDir;
}

describe('klikkflow export', () => {
  it('prints every workflow as a JSON array sorted by id', async () => {
    const env = dataDirEnv(await dataDirWith(echoWorkflow('b', 'Bravo'), echoWorkflow('a', 'Alpha')));
    const result = await runCli(['export'], { env });
    expect(result.code).toBe(0);
    const workflows = JSON.parse(result.stdout) as { id: string; name: string; nodes: unknown[] }[];
    expect(workflows.map(({ id, name }) => [id, name])).toEqual([
      ['a', 'Alpha'],
      ['b', 'Bravo'],
    ]);
    // The stored definition is the validated file, defaults filled in (`tags` mirrors the stored tags).
    expect(workflows[0]).toEqual({ ...workflowSchema.parse(echoWorkflow('a', 'Alpha')), tags: [] });
  });

  it('prints one workflow object with --id', async () => {
    const env = dataDirEnv(await dataDirWith(echoWorkflow('a', 'Alpha'), echoWorkflow('b', 'Bravo')));
    const result = await runCli(['export', '--id', 'b'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ schemaVersion: 1, id: 'b', name: 'Bravo' });
  });

  it('prints an empty array when nothing is stored', async () => {
    const result = await runCli(['export'], { env: dataDirEnv(freshDataDir()) });
    expect(result).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('exits 2 naming an unknown --id', async () => {
    const result = await runCli(['export', '--id', 'nope'], { env: dataDirEnv(freshDataDir()) });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error WORKFLOW_NOT_FOUND: no workflow has the id "nope"\n',
    });
  });

  it('writes pretty <id>.json files into a new --out folder, with ids made safe as file names', async () => {
    const dataDir = await dataDirWith(echoWorkflow('a', 'Alpha'), echoWorkflow('../escape', 'Sneaky'));
    const out = join(dataDir, 'exported', 'deep');
    const result = await runCli(['export', '--out', out], { env: dataDirEnv(dataDir) });
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['..%2Fescape.json', 'a.json']);
    const text = readFileSync(join(out, 'a.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(result.stdout).toContain(`exported a "Alpha" to ${join(out, 'a.json')}\n`);
  });

  it('round-trips: export, import into another data dir, export again gives the same workflows', async () => {
    const source = await dataDirWith(
      {
        ...echoWorkflow('a', 'Alpha'),
        tags: ['ops'],
        settings: { executionOrder: 'v1', timezone: 'Europe/Oslo' },
      },
      echoWorkflow('b', 'Bravo'),
    );
    const first = await runCli(['export'], { env: dataDirEnv(source) });
    const folder = join(source, 'roundtrip');
    mkdirSync(folder);
    expect((await runCli(['export', '--out', folder], { env: dataDirEnv(source) })).code).toBe(0);

    const target = freshDataDir();
    const imported = await runCli(['import', folder], { env: dataDirEnv(target) });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 2 workflows (2 created, 0 updated)');
    const second = await runCli(['export'], { env: dataDirEnv(target) });

    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout)).toContainEqual(
      expect.objectContaining({
        id: 'a',
        tags: ['ops'],
        settings: { executionOrder: 'v1', timezone: 'Europe/Oslo' },
      }),
    );
  });
});
