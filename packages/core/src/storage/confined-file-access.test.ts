import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeError } from '@klikkflow/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfinedFileAccess } from './confined-file-access.js';

let base: string;
let root: string;
let outside: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'klikkflow-files-'));
  root = join(base, 'files');
  outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await writeFile(join(root, 'in.txt'), 'inside');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return serializeError(error);
  }
  throw new Error('expected a failure');
}

describe('createConfinedFileAccess: allowed use', () => {
  it('reads and writes paths relative to the first root, creating folders, and appends', async () => {
    const files = createConfinedFileAccess({ roots: [root] });
    expect(await files.read('in.txt')).toEqual({ data: bytes('inside'), fileName: 'in.txt' });
    expect(await files.write('out/deep/a.txt', bytes('one'))).toEqual({ path: 'out/deep/a.txt', size: 3 });
    expect(await files.write('./out/deep/a.txt', bytes('+two'), { append: true })).toEqual({
      path: 'out/deep/a.txt',
      size: 7,
    });
    expect(await readFile(join(root, 'out/deep/a.txt'), 'utf8')).toBe('one+two');
    await files.write('out/deep/a.txt', bytes('new'));
    expect(text((await files.read('out/deep/a.txt')).data)).toBe('new');
  });

  it('accepts absolute paths inside any root, and symlinks that stay inside the roots', async () => {
    const second = join(base, 'second');
    await mkdir(second);
    const files = createConfinedFileAccess({ roots: [root, second] });
    await files.write(join(second, 'b.txt'), bytes('bee'));
    expect(text((await files.read(join(second, 'b.txt'))).data)).toBe('bee');
    expect(text((await files.read(join(root, 'in.txt'))).data)).toBe('inside');
    await symlink(join(root, 'in.txt'), join(root, 'alias.txt'));
    await symlink(second, join(root, 'to-second'));
    expect(await files.read('alias.txt')).toEqual({ data: bytes('inside'), fileName: 'alias.txt' });
    expect(await files.write('to-second/c.txt', bytes('sea'))).toEqual({ path: 'c.txt', size: 3 });
    expect(await readFile(join(second, 'c.txt'), 'utf8')).toBe('sea');
  });

  it('treats "..%2f" as literal text: a strange file name inside the root, never a way out', async () => {
    const files = createConfinedFileAccess({ roots: [root] });
    expect((await failure(files.read('..%2f..%2foutside%2fsecret.txt'))).code).toBe('FILE_NOT_FOUND');
    await files.write('..%2fescape.txt', bytes('x'));
    expect(await readFile(join(root, '..%2fescape.txt'), 'utf8')).toBe('x');
  });

  it('maps file-system failures to stable codes', async () => {
    const files = createConfinedFileAccess({ roots: [root] });
    expect((await failure(files.read('missing.txt'))).code).toBe('FILE_NOT_FOUND');
    await mkdir(join(root, 'folder'));
    expect((await failure(files.read('folder'))).code).toBe('FILE_NOT_A_FILE');
    expect((await failure(files.write('in.txt/under', bytes('x')))).code).toBe('FILE_NOT_A_FILE');
    const small = createConfinedFileAccess({ roots: [root], maxReadBytes: 3 });
    expect(await failure(small.read('in.txt'))).toMatchObject({
      code: 'FILE_TOO_LARGE',
      details: { size: 6 },
    });
    expect(() => createConfinedFileAccess({ roots: [] })).toThrow(
      expect.objectContaining({ code: 'FILE_ACCESS_NO_ROOTS' }),
    );
  });
});

describe('createConfinedFileAccess: traversal corpus', () => {
  const lexical: [string, string][] = [
    ['../outside/secret.txt', 'traversal'],
    ['../../etc/passwd', 'traversal'],
    ['a/../../outside/secret.txt', 'traversal'],
    ['a/b/../../..', 'traversal'],
    ['..', 'traversal'],
    ['..\\outside\\secret.txt', 'traversal'],
    ['./..//outside/secret.txt', 'traversal'],
    ['/etc/passwd', 'outside-roots'],
    ['/', 'outside-roots'],
    ['in.txt\0.png', 'nul-byte'],
    ['\0', 'nul-byte'],
    ['', 'empty-path'],
    ['   ', 'empty-path'],
  ];

  it.each(lexical)('refuses %j on read and write (%s)', async (path, rule) => {
    const files = createConfinedFileAccess({ roots: [root] });
    for (const attempt of [() => files.read(path), () => files.write(path, bytes('pwned'))]) {
      const error = await failure(attempt());
      expect(error).toMatchObject({ code: 'FILE_ACCESS_DENIED', intent: 'user', details: { rule } });
      expect(error.message).toContain('denied');
    }
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('refuses absolute paths that only share a prefix with the root', async () => {
    await mkdir(`${root}-evil`);
    const files = createConfinedFileAccess({ roots: [root] });
    const error = await failure(files.write(`${root}-evil/x.txt`, bytes('x')));
    expect(error.details).toMatchObject({ rule: 'outside-roots' });
  });

  it('refuses a file symlink leading outside, for read and write', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
    const files = createConfinedFileAccess({ roots: [root] });
    expect((await failure(files.read('link.txt'))).details).toMatchObject({ rule: 'symlink-escape' });
    expect((await failure(files.write('link.txt', bytes('pwned')))).details).toMatchObject({
      rule: 'symlink-escape',
    });
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('refuses a folder symlink leading outside, including folders to be created below it', async () => {
    await symlink(outside, join(root, 'escape'));
    const files = createConfinedFileAccess({ roots: [root] });
    expect((await failure(files.read('escape/secret.txt'))).details).toMatchObject({
      rule: 'symlink-escape',
    });
    for (const path of ['escape/new.txt', 'escape/new/deeper/file.txt']) {
      expect((await failure(files.write(path, bytes('x')))).details).toMatchObject({
        rule: 'symlink-escape',
      });
    }
    await expect(readFile(join(outside, 'new.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(join(outside, 'new'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses writing through a dangling symlink, which would create a file outside', async () => {
    await symlink(join(outside, 'created.txt'), join(root, 'dangling.txt'));
    const files = createConfinedFileAccess({ roots: [root] });
    expect((await failure(files.write('dangling.txt', bytes('x')))).details).toMatchObject({
      rule: 'symlink-escape',
    });
    await expect(readFile(join(outside, 'created.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('streams a file out, and writes and appends from a stream', async () => {
    const files = createConfinedFileAccess({ roots: [root] });
    async function* parts() {
      yield new TextEncoder().encode('one,');
      yield new TextEncoder().encode('two');
    }
    expect(await files.write('streamed/out.txt', parts())).toEqual({ path: 'streamed/out.txt', size: 7 });
    expect(await files.write('streamed/out.txt', parts(), { append: true })).toEqual({
      path: 'streamed/out.txt',
      size: 14,
    });
    const opened = await files.open('streamed/out.txt');
    expect(opened).toMatchObject({ fileName: 'out.txt', size: 14 });
    let text = '';
    for await (const chunk of opened.stream) text += new TextDecoder().decode(chunk);
    expect(text).toBe('one,twoone,two');
    await expect(files.open('../outside.txt')).rejects.toMatchObject({ code: 'FILE_ACCESS_DENIED' });
  });
});
