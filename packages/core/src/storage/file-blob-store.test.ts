import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeError } from '@klikkflow/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileBlobStore } from './file-blob-store.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'klikkflow-blobs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return serializeError(error);
  }
  throw new Error('expected a failure');
};

describe('createFileBlobStore', () => {
  it('stores bytes under <root>/<executionId>/<uuid> and reads them back with their metadata', async () => {
    const store = createFileBlobStore({ root });
    const ref = await store.put(bytes('a,b\n1,2\n'), {
      mimeType: 'text/csv',
      fileName: 'Report.CSV',
      executionId: 'exec-1',
    });
    expect(ref).toMatchObject({
      mimeType: 'text/csv',
      fileName: 'Report.CSV',
      fileExtension: 'csv',
      fileSize: 8,
    });
    expect(ref.id).toMatch(/^exec-1\/[0-9a-f-]{36}$/);
    expect(await readdir(join(root, 'exec-1'))).toEqual([ref.id.split('/')[1]]);
    expect(new TextDecoder().decode(await store.get(ref))).toBe('a,b\n1,2\n');
  });

  it('leaves no temporary file behind and gives each payload its own key', async () => {
    const store = createFileBlobStore({ root });
    const meta = { mimeType: 'application/octet-stream', executionId: 'e' };
    const [a, b] = await Promise.all([store.put(bytes('one'), meta), store.put(bytes('two'), meta)]);
    expect(a?.id).not.toBe(b?.id);
    expect(a).not.toHaveProperty('fileName');
    const names = await readdir(join(root, 'e'));
    expect(names.sort()).toEqual([a?.id.split('/')[1], b?.id.split('/')[1]].sort());
  });

  it('refuses ids that are not <executionId>/<uuid>, so none can name a file outside the root', async () => {
    const store = createFileBlobStore({ root });
    await writeFile(join(root, 'secret'), 'x');
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const id of [
      '../secret',
      `../${uuid}`,
      `exec/../${uuid}`,
      `exec/${uuid}/..`,
      `/etc/${uuid}`,
      `..%2f/${uuid}`,
      `.hidden/${uuid}`,
      `exec/${uuid}.tmp`,
      `exec\\${uuid}`,
      'secret',
      '',
    ]) {
      expect((await codeOf(store.get({ id, mimeType: 'x' }))).code, id).toBe('BINARY_REF_INVALID');
    }
    const bad = await codeOf(store.put(bytes('x'), { mimeType: 'x', executionId: '../escape' }));
    expect(bad.code).toBe('BINARY_REF_INVALID');
    await expect(store.deleteExecution('..')).rejects.toMatchObject({ code: 'BINARY_REF_INVALID' });
  });

  it('reports a payload that is gone, or a symlink planted in its place, as BINARY_NOT_FOUND', async () => {
    const store = createFileBlobStore({ root });
    const ref = await store.put(bytes('x'), { mimeType: 'text/plain', executionId: 'e' });
    await rm(join(root, ref.id));
    await symlink('/etc/hostname', join(root, ref.id));
    expect((await codeOf(store.get(ref))).code).toBe('BINARY_NOT_FOUND');
    const missing = { id: 'e/00000000-0000-4000-8000-000000000000', mimeType: 'x' };
    expect((await codeOf(store.get(missing))).code).toBe('BINARY_NOT_FOUND');
  });

  it('refuses payloads above maxBytes when storing and when reading', async () => {
    const small = createFileBlobStore({ root, maxBytes: 4 });
    const error = await codeOf(
      small.put(bytes('12345'), { mimeType: 'x', fileName: 'big.bin', executionId: 'e' }),
    );
    expect(error).toMatchObject({
      code: 'BINARY_TOO_LARGE',
      intent: 'user',
      details: { size: 5, maxBytes: 4 },
    });
    expect(error.message).toContain('big.bin');
    const ref = await createFileBlobStore({ root }).put(bytes('12345'), { mimeType: 'x', executionId: 'e' });
    expect((await codeOf(small.get(ref))).code).toBe('BINARY_TOO_LARGE');
  });

  it("deletes one execution's payloads and leaves the others", async () => {
    const store = createFileBlobStore({ root });
    const gone = await store.put(bytes('a'), { mimeType: 'x', executionId: 'gone' });
    const kept = await store.put(bytes('b'), { mimeType: 'x', executionId: 'kept' });
    await store.deleteExecution('gone');
    await store.deleteExecution('never-existed');
    expect((await codeOf(store.get(gone))).code).toBe('BINARY_NOT_FOUND');
    expect(await store.get(kept)).toEqual(bytes('b'));
  });

  it('stores a stream chunk by chunk and streams it back', async () => {
    const store = createFileBlobStore({ root });
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 64; i++) {
        pulled++;
        yield new Uint8Array(16 * 1024).fill(i);
      }
    }
    const ref = await store.put(source(), { mimeType: 'application/octet-stream', executionId: 'exec-s' });
    expect(pulled).toBe(64);
    expect(ref.fileSize).toBe(64 * 16 * 1024);
    let total = 0;
    let chunks = 0;
    for await (const chunk of await store.open(ref)) {
      total += chunk.byteLength;
      chunks++;
    }
    expect(total).toBe(64 * 16 * 1024);
    expect(chunks).toBeGreaterThan(1);
  });

  it('cuts a stream off at maxBytes without keeping a partial payload', async () => {
    const store = createFileBlobStore({ root, maxBytes: 100 });
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(40);
      }
    }
    const error = await codeOf(store.put(endless(), { mimeType: 'text/plain', executionId: 'exec-big' }));
    expect(error.code).toBe('BINARY_TOO_LARGE');
    expect(pulled).toBe(3);
    expect(await readdir(join(root, 'exec-big'))).toEqual([]);
  });
});
