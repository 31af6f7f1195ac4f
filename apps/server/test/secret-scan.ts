import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSchema } from '@klikkflow/database';
import { ENCRYPTION_KEY_FILE } from '@klikkflow/security';
import { type Kysely, sql } from 'kysely';

/** A planted secret and the spellings it could leak in. */
export interface Canary {
  label: string;
  value: string;
  /** Every form to look for: raw, its random part alone, URL- and base64-encodings, extra ones (Basic). */
  forms: string[];
}

function base64Forms(text: string): string[] {
  const base64 = Buffer.from(text, 'utf8').toString('base64');
  return [base64, base64.replace(/=+$/, ''), Buffer.from(text, 'utf8').toString('base64url')];
}

/**
 * A unique secret with characters that URL-encoding changes, so the raw and encoded forms differ. Its
 * random part alone is a form too: any fragment that keeps it (JSON- or URL-escaped) is still found.
 * `alsoEncoded` are texts the secret travels inside, such as Basic auth's `user:password`.
 */
export function createCanary(label: string, alsoEncoded: (value: string) => string[] = () => []): Canary {
  const random = randomBytes(12).toString('hex');
  const value = `canary-${random}/x+y`;
  const forms = [value, random, encodeURIComponent(value), ...base64Forms(value)];
  for (const text of alsoEncoded(value)) forms.push(...base64Forms(text));
  return { label, value, forms: [...new Set(forms)] };
}

/** One place a canary was found. */
export interface Leak {
  where: string;
  canary: string;
  form: string;
}

/** Every occurrence of any canary form in any of the named texts or byte buffers. */
export function findLeaks(canaries: readonly Canary[], sources: Record<string, string | Buffer>): Leak[] {
  const leaks: Leak[] = [];
  for (const [where, content] of Object.entries(sources)) {
    for (const canary of canaries) {
      for (const form of canary.forms) {
        if (content.includes(form)) leaks.push({ where, canary: canary.label, form });
      }
    }
  }
  return leaks;
}

/** The bytes of every file under `dir` (SQLite database, -wal, -shm, files) but the encryption key. */
export function dataDirFiles(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, dataDirFiles(path));
    else if (name !== ENCRYPTION_KEY_FILE) files[path] = readFileSync(path);
  }
  return files;
}

/**
 * Every row of every table as text, one entry per table: `row::text` of each table of a PostgreSQL schema,
 * or each SQLite row as JSON (a long row spills over pages, so its bytes in the file need not be contiguous).
 */
export async function dumpTables(
  db: Kysely<DatabaseSchema>,
  schema?: string,
): Promise<Record<string, string>> {
  const dump: Record<string, string> = {};
  if (schema !== undefined) {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = ${schema} and table_type = 'BASE TABLE'`.execute(db);
    for (const { name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.id(schema, name)} t`.execute(
        db,
      );
      dump[`${schema}.${name}`] = rows.rows.map((row) => row.row).join('\n');
    }
    return dump;
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.id(name)}`.execute(db);
    dump[name] = rows.rows.map((row) => JSON.stringify(row)).join('\n');
  }
  return dump;
}
