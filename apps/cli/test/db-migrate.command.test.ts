import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { dataDirEnv, freshDataDir } from './database-harness.js';

describe('klikkflow db:migrate', () => {
  it('applies the migrations of a new database, then says it is up to date', async () => {
    const env = dataDirEnv(freshDataDir());
    const first = await runCli(['db:migrate'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^(applied \S+\n)+$/);
    expect(first.stdout).toContain('applied 0001-initial\n');

    const second = await runCli(['db:migrate'], { env });
    expect(second).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^database is up to date \(\d+ migrations?\)\n$/),
      stderr: '',
    });
  });

  it('exits 1 with DB_UNAVAILABLE when PostgreSQL does not answer', async () => {
    const result = await runCli(['db:migrate'], {
      env: { KLIKKFLOW_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/none' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error DB_UNAVAILABLE: the PostgreSQL database does not answer: .*ECONNREFUSED/,
    );
    expect(result.stderr).not.toContain('secret');
  });
});
