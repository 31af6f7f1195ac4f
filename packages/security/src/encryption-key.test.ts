import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENCRYPTION_KEY_FILE, loadOrCreateEncryptionKey } from './encryption-key.js';

// The real file system; the spy only records how files were opened, to prove the exclusive create.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open) };
});
const openSpy = vi.mocked(fs.open);

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'kf-enc-key-'));
  openSpy.mockClear();
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('loadOrCreateEncryptionKey', () => {
  it('uses the configured key (trimmed) and touches no file', async () => {
    const onCreated = vi.fn();
    const dataDir = join(root, 'data');
    const result = await loadOrCreateEncryptionKey({ configured: '  configured-key  ', dataDir, onCreated });
    expect(result).toEqual({ key: 'configured-key', source: 'env' });
    expect(onCreated).not.toHaveBeenCalled();
    await expect(fs.stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('prefers the configured key over an existing key file', async () => {
    await fs.writeFile(join(root, ENCRYPTION_KEY_FILE), 'file-key\n');
    const result = await loadOrCreateEncryptionKey({ configured: 'env-key', dataDir: root });
    expect(result).toEqual({ key: 'env-key', source: 'env' });
  });

  it('treats a blank configured value as unset', async () => {
    await fs.writeFile(join(root, ENCRYPTION_KEY_FILE), 'file-key');
    for (const configured of ['', '   ', undefined]) {
      expect(await loadOrCreateEncryptionKey({ configured, dataDir: root })).toEqual({
        key: 'file-key',
        source: 'file',
      });
    }
  });

  it('reads an existing key file, trimmed, without rewriting it', async () => {
    const path = join(root, ENCRYPTION_KEY_FILE);
    await fs.writeFile(path, '\n  key-from-file-0123456789  \r\n', { mode: 0o600 });
    const onCreated = vi.fn();
    const result = await loadOrCreateEncryptionKey({ dataDir: root, onCreated });
    expect(result).toEqual({ key: 'key-from-file-0123456789', source: 'file' });
    expect(onCreated).not.toHaveBeenCalled();
    expect(await fs.readFile(path, 'utf8')).toBe('\n  key-from-file-0123456789  \r\n');
  });

  it('still loads a key file that group and others can read, leaving its mode alone', async () => {
    const path = join(root, ENCRYPTION_KEY_FILE);
    await fs.writeFile(path, 'loose-key');
    await fs.chmod(path, 0o644);
    expect(await loadOrCreateEncryptionKey({ dataDir: root })).toEqual({ key: 'loose-key', source: 'file' });
    expect((await fs.stat(path)).mode & 0o777).toBe(0o644);
  });

  it('creates the data directory and a 0600 key file of 48 random bytes, then reports it', async () => {
    const dataDir = join(root, 'nested', 'data');
    const onCreated = vi.fn();
    const result = await loadOrCreateEncryptionKey({ dataDir, onCreated });
    const path = join(dataDir, ENCRYPTION_KEY_FILE);

    expect(result.source).toBe('created');
    expect(result.key).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(Buffer.from(result.key, 'base64url')).toHaveLength(48);
    expect(onCreated).toHaveBeenCalledExactlyOnceWith(path);
    expect(await fs.readFile(path, 'utf8')).toBe(`${result.key}\n`);
    expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
    expect(openSpy).toHaveBeenCalledWith(path, 'wx', 0o600);

    const again = await loadOrCreateEncryptionKey({ dataDir, onCreated });
    expect(again).toEqual({ key: result.key, source: 'file' });
    expect(onCreated).toHaveBeenCalledTimes(1);
  });

  it('sets mode 0600 itself rather than relying on the umask', async () => {
    const previous = process.umask(0);
    try {
      await loadOrCreateEncryptionKey({ dataDir: root });
    } finally {
      process.umask(previous);
    }
    expect((await fs.stat(join(root, ENCRYPTION_KEY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('makes a different key for each new data directory', async () => {
    const a = await loadOrCreateEncryptionKey({ dataDir: join(root, 'a') });
    const b = await loadOrCreateEncryptionKey({ dataDir: join(root, 'b') });
    expect(a.key).not.toBe(b.key);
  });

  it('lets exactly one of several simultaneous starters create the key; the others read it (EEXIST)', async () => {
    const onCreated = vi.fn();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => loadOrCreateEncryptionKey({ dataDir: root, onCreated })),
    );
    // Every starter found no file and tried the exclusive create: the race really happened.
    expect(openSpy.mock.calls.filter((call) => call[1] === 'wx')).toHaveLength(8);
    expect(results.filter((r) => r.source === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.source === 'file')).toHaveLength(7);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(onCreated).toHaveBeenCalledTimes(1);
    expect(await fs.readFile(join(root, ENCRYPTION_KEY_FILE), 'utf8')).toBe(`${results[0]!.key}\n`);
  });

  it('waits for the content when it finds the file created but not yet written', async () => {
    const path = join(root, ENCRYPTION_KEY_FILE);
    await fs.writeFile(path, '', { mode: 0o600 });
    const loading = loadOrCreateEncryptionKey({ dataDir: root });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await fs.writeFile(path, 'late-written-key\n');
    expect(await loading).toEqual({ key: 'late-written-key', source: 'file' });
  });

  it('gives up on a key file that stays empty, naming the file', async () => {
    const path = join(root, ENCRYPTION_KEY_FILE);
    await fs.writeFile(path, '  \n');
    await expect(loadOrCreateEncryptionKey({ dataDir: root })).rejects.toMatchObject({
      code: 'ENCRYPTION_KEY_INVALID',
      message: expect.stringContaining(path),
    });
  });

  it('passes on file system errors other than a missing file', async () => {
    const dataDir = join(root, 'data');
    await fs.mkdir(join(dataDir, ENCRYPTION_KEY_FILE), { recursive: true });
    await expect(loadOrCreateEncryptionKey({ dataDir })).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
