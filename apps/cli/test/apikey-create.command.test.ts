import { hashApiKey } from '@klikkflow/security';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { dataDirEnv, freshDataDir, openDataDirDatabase } from './database-harness.js';

/** A data dir with one user, `ada@example.com`. */
async function dataDirWithUser(): Promise<{ dataDir: string; userId: string }> {
  const dataDir = freshDataDir();
  const { connection, repos } = await openDataDirDatabase(dataDir);
  try {
    const user = await repos.users.create({
      email: 'ada@example.com',
      passwordHash: 'not-a-real-hash',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'owner',
    });
    return { dataDir, userId: user.id };
  } finally {
    await connection.close();
  }
}

describe('klikkflow apikey:create', () => {
  it('prints only the key on stdout, notes on stderr that it is shown once, and stores only its hash', async () => {
    const { dataDir, userId } = await dataDirWithUser();
    const result = await runCli(['apikey:create', '--email', 'Ada@Example.com', '--label', 'deploy'], {
      env: dataDirEnv(dataDir),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^kf_[A-Za-z0-9_-]{43}\n$/);
    const key = result.stdout.trim();
    expect(result.stderr).toMatch(/shown only this once/);
    expect(result.stderr).not.toContain(key);

    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      const rows = await connection.db.selectFrom('api_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user_id: userId, label: 'deploy', key_hash: hashApiKey(key) });
      expect(JSON.stringify(rows)).not.toContain(key);
      const found = await repos.apiKeys.findActiveByHash(hashApiKey(key));
      expect(found?.user.email).toBe('ada@example.com');
    } finally {
      await connection.close();
    }
  });

  it('labels the key "cli" by default and makes a new key each time', async () => {
    const { dataDir, userId } = await dataDirWithUser();
    const env = dataDirEnv(dataDir);
    const first = await runCli(['apikey:create', '--email', 'ada@example.com'], { env });
    const second = await runCli(['apikey:create', '--email', 'ada@example.com'], { env });
    expect(first.stdout).not.toBe(second.stdout);
    const { connection, repos } = await openDataDirDatabase(dataDir);
    try {
      const keys = await repos.apiKeys.listForUser(userId);
      expect(keys.map((key) => key.label)).toEqual(['cli', 'cli']);
    } finally {
      await connection.close();
    }
  });

  it('exits 2 for an email no user has', async () => {
    const { dataDir } = await dataDirWithUser();
    const result = await runCli(['apikey:create', '--email', 'bob@example.com'], {
      env: dataDirEnv(dataDir),
    });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error USER_NOT_FOUND: no user has the email "bob@example.com"\n',
    });
  });

  it('requires --email', async () => {
    const result = await runCli(['apikey:create'], { env: dataDirEnv(freshDataDir()) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--email <email>' not specified");
  });
});
