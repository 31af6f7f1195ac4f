import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPrivatePostgres } from './private-postgres.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPrivatePostgres', () => {
  it('starts, keeps its data across stop and start, and disposes of its directory', async () => {
    const postgres = await startPrivatePostgres();
    try {
      expect(postgres.url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/postgres`);
      await query(postgres.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)');
      const [row] = (await query(postgres.url, 'SHOW data_directory')) as { data_directory: string }[];
      const tempDirectory = dirname(row?.data_directory ?? '');
      expect(tempDirectory).toContain('klikkflow-pg-');

      await postgres.stop();
      await expect(query(postgres.url, 'SELECT 1')).rejects.toThrow();
      await postgres.start();
      expect(await query(postgres.url, 'SELECT n FROM kept')).toEqual([{ n: 1 }]);
      await postgres.stop('immediate');
      await postgres.start();
      expect(await query(postgres.url, 'SELECT n FROM kept')).toEqual([{ n: 1 }]);

      expect(existsSync(tempDirectory)).toBe(true);
      await postgres.dispose();
      expect(existsSync(tempDirectory)).toBe(false);
      await expect(query(postgres.url, 'SELECT 1')).rejects.toThrow();
    } finally {
      await postgres.dispose();
    }
  });
});
